import { ref } from 'vue';
import { session, refresh } from './session.js';

/** Whether the browser believes it is online. */
export const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);

if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    online.value = true;
    // A session resumed offline has no token yet: get one now.
    if (session.offline) refresh().catch(() => {});
  });
  window.addEventListener('offline', () => {
    online.value = false;
  });
}
