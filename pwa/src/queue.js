// The app's outbox: writes are queued in IndexedDB and sent in order with
// their Idempotency-Key; the badge shows how many are not yet delivered.
import { ref, computed, watch } from 'vue';
import { createOutbox, matchesRef } from './outbox.js';
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

// What the server answered to the writes just delivered (outbox id → body),
// for the screen that shows what they changed (usePending): a screen can show
// that answer at once, whatever a later read brings back.
const answers = new Map();
const ANSWERS_KEPT = 50;

export const outbox = createOutbox({
  send,
  onChange: (event) => {
    if (event?.type === 'done' && event.kind === 'json') {
      answers.set(event.id, event.data ?? null);
      if (answers.size > ANSWERS_KEPT) answers.delete(answers.keys().next().value);
    }
    refreshView().catch(() => {});
  },
});

onSessionChange((user) => {
  outbox.stop();
  if (user) outbox.start(user.id);
  refreshView().catch(() => {});
});

/**
 * Queues a write (with optional photo Blobs) for the signed-in user and
 * tries to send it at once; ref says what it is for (see outbox.js).
 * Resolves {delivered} when it went through, or {delivered: false, item}
 * when it waits in the outbox or was refused.
 */
export async function queueWrite({ label, method, url, body, photos = [], ref: what = null, placePhotos = false }) {
  const userId = session.user.id;
  const id = await outbox.enqueue({ userId, label, method, url, body, photos, ref: what, placePhotos });
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

/**
 * Queues a form's write. A write the server refused changed nothing: it is
 * taken out of the outbox and its error handed back, so the form keeps what
 * was typed. A 401 leaves it queued for after the next sign-in.
 * Resolves {delivered, refused?, signedOut?}.
 */
export async function submitWrite(write) {
  const r = await queueWrite(write);
  if (r.item?.state !== 'failed') return { delivered: r.delivered };
  const error = r.item.error || {};
  if (error.status === 401) return { delivered: false, signedOut: error };
  await outbox.discard(r.item.id).catch(() => {});
  return { delivered: false, refused: error };
}

/**
 * The writes still in the outbox (waiting, sending or refused) for what
 * query names: {kind: 'report', milestoneId}, {kind: 'sample', orderId},
 * {kind: 'comment', orderId}, … Reactive when read in a computed or a
 * template.
 */
export function pendingFor(query) {
  return items.value.filter((it) => it.kind === 'json' && matchesRef(it.ref, query));
}

/**
 * Calls delivered(answers) whenever one of the writes for query() leaves the
 * outbox (it was sent, or discarded), so a screen can fetch what the server
 * now has; answers are the server's bodies for the writes that were sent
 * (none for a discarded one). Returns the reactive list of those writes.
 */
export function usePending(query, delivered) {
  const list = computed(() => [].concat(query() || []).flatMap((q) => pendingFor(q)));
  watch(() => list.value.map((it) => it.id), (now, before) => {
    const gone = (before || []).filter((id) => !now.includes(id));
    if (gone.length) delivered(gone.filter((id) => answers.has(id)).map((id) => answers.get(id)));
  });
  return list;
}
