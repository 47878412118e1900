import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.js';
import { i18n, setLocale, browserLocale } from './i18n/index.js';
import { boot, session, onSessionChange } from './session.js';
import './styles.css';

setLocale(browserLocale());
onSessionChange((user) => {
  if (user?.locale) setLocale(user.locale);
});

const app = createApp(App).use(i18n);
boot().then(() => {
  if (session.user?.locale) setLocale(session.user.locale);
  app.use(router).mount('#app');
});
