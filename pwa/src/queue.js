// The app's outbox: writes are queued in IndexedDB and sent in order with
// their Idempotency-Key; the badge shows how many are not yet delivered.
import { ref } from 'vue';
import { createOutbox } from './outbox.js';
import { send } from './api.js';
import { session, onSessionChange } from './session.js';

export const pending = ref(0);
export const items = ref([]);

async function refreshView() {
  if (!session.user) {
    pending.value = 0;
    items.value = [];
    return;
  }
  items.value = await outbox.list(session.user.id);
  // The badge counts changes, not their photos: a report with three photos is one.
  pending.value = items.value.filter((i) => i.kind === 'json').length;
}

export const outbox = createOutbox({ send, onChange: () => refreshView().catch(() => {}) });

onSessionChange((user) => {
  outbox.stop();
  if (user) outbox.start(user.id);
  refreshView().catch(() => {});
});

/**
 * Queues a write (with optional photo Blobs) for the signed-in user and
 * tries to send it at once. Resolves {delivered} when it went through, or
 * {delivered: false, item} when it waits in the outbox or was refused.
 */
export async function queueWrite({ label, method, url, body, photos = [] }) {
  const userId = session.user.id;
  const id = await outbox.enqueue({ userId, label, method, url, body, photos });
  await refreshView();
  try {
    await outbox.flush(userId);
  } catch {
    // stays queued
  }
  const item = (await outbox.list(userId)).find((i) => i.id === id);
  await refreshView();
  return { delivered: !item, item };
}
