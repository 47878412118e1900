// The customer's status page entry (status.html, served for /s/<token>):
// plain Vue, none of the app (no Vant, router, i18n, session or service
// worker), so it stays a small bundle of its own.
import { createApp } from 'vue';
import StatusPage from './StatusPage.vue';
import './status.css';

createApp(StatusPage).mount('#status');
