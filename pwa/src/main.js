import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.js';
import { i18n, setLocale, browserLocale } from './i18n/index.js';
import { boot, session, onSessionChange } from './session.js';
import './styles.css';

// English texts are a chunk of their own (i18n/index.js): the first screen
// mounts once the language it shows is loaded.
const firstLocale = setLocale(browserLocale());
onSessionChange((user) => {
  if (user?.locale) setLocale(user.locale);
});

const app = createApp(App).use(i18n);
boot().then(async () => {
  await (session.user?.locale ? setLocale(session.user.locale) : firstLocale);
  app.use(router).mount('#app');
  registerServiceWorker();
});

function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  const register = () => navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {});
  const idle = () => (window.requestIdleCallback ? requestIdleCallback(register, { timeout: 5000 }) : setTimeout(register, 2000));
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}
