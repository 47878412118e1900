// The bell's state, shared by the bell in the header and the notifications
// page: the server's unread count (polled by poller.js while someone is
// signed in and a bell is mounted), less the reads still waiting in the
// outbox (read offline: the server does not know of them yet).
import { ref, computed, watch } from 'vue';
import { items, outbox } from '../../queue.js';
import { session, onSessionChange } from '../../session.js';
import { createPoller, pollInterval } from './poller.js';
import { fetchCount, READ_REF } from './notifyApi.js';

/** The server's last unread count; null while unknown (not fetched yet, or no such API). */
export const serverUnread = ref(null);

const readItems = computed(() => items.value.filter((it) => it.kind === 'json' && it.ref?.kind === READ_REF));

/** Ids of the notifications read on this device whose read has not reached the server yet. */
export const pendingReads = computed(() => readItems.value.filter((it) => it.state !== 'failed').map((it) => it.ref.notificationId));

/** What the bell shows. */
export const unread = computed(() => (serverUnread.value === null ? 0 : Math.max(0, serverUnread.value - pendingReads.value.length)));

/** The last list the page showed, kept for this session so reopening it offline shows it. */
export const lastList = { items: [], nextCursor: null, userId: null };

let poller = null;
let mounted = 0;

/** A bell appeared (in a header): the poll runs while at least one is there. */
export function startBell() {
  mounted++;
  if (poller) return;
  poller = createPoller({
    fetch: fetchCount,
    interval: () => pollInterval(),
    enabled: () => !!session.user,
    onResult: (r) => {
      if (typeof r?.unread === 'number') serverUnread.value = r.unread;
    },
    // 404: this server has no in-app notifications; anything else is
    // tried again on the next poll. The bell just shows no count.
  });
  poller.start();
}

export function stopBell() {
  mounted = Math.max(0, mounted - 1);
  if (mounted || !poller) return;
  poller.stop();
  poller = null;
}

/** Asks for the count now (after a read, or when the page opens). */
export const refreshCount = () => poller?.poll() ?? Promise.resolve();

onSessionChange(() => {
  serverUnread.value = null;
  lastList.items = [];
  lastList.nextCursor = null;
  lastList.userId = null;
});

// A queued read that reached the server leaves the outbox: the count is
// asked for again. One the server refused (the notification is gone) is
// dropped from the outbox at once: there is nothing the user could fix.
watch(pendingReads, (now, before) => {
  if (before && before.some((id) => !now.includes(id))) refreshCount();
});
watch(readItems, (list) => {
  for (const it of list) if (it.state === 'failed' && it.error?.status !== 401) outbox.discard(it.id).catch(() => {});
});
