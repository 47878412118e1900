// The in-app notifications API (/api/v1/notifications), and reading one
// while the connection is flaky: a read goes straight to the server when
// the browser is online; offline, or when the network fails, it is queued
// in the app's outbox (POST …/read is idempotent and the outbox sends it
// with an Idempotency-Key), so it reaches the server once the phone is
// back online. Until then the bell counts it as read (bell.js).
import { get, request, ApiError } from '../../api.js';
import { queueWrite } from '../../queue.js';

/** The outbox ref of a queued read. */
export const READ_REF = 'notification_read';
export const PAGE_SIZE = 30;

export const fetchCount = () => get('/api/v1/notifications/unread-count');

/** One page, unread first, newest first; cursor: the last page's next_cursor. */
export function fetchPage(cursor = null, limit = PAGE_SIZE) {
  const q = new URLSearchParams({ limit: String(limit) });
  if (cursor) q.set('cursor', cursor);
  return get(`/api/v1/notifications?${q}`);
}

export const readAll = () => request('POST', '/api/v1/notifications/read-all');

/**
 * Marks one read. Resolves 'sent' (the server has it), 'queued' (in the
 * outbox until the connection is back) or 'refused' (the server said no,
 * e.g. the notification is gone: nothing to retry).
 */
export async function markRead(n, label, { online = () => globalThis.navigator?.onLine !== false, queue = queueWrite } = {}) {
  const url = `/api/v1/notifications/${encodeURIComponent(n.id)}/read`;
  if (online()) {
    try {
      await request('POST', url);
      return 'sent';
    } catch (e) {
      if (e instanceof ApiError && e.status < 500 && e.status !== 408 && e.status !== 429) return 'refused';
      // network error or a server hiccup: the outbox retries it
    }
  }
  // Not awaited to the end: the outbox sends in order, maybe after a photo.
  queue({ label, method: 'POST', url, body: null, ref: { kind: READ_REF, notificationId: n.id } }).catch(() => {});
  return 'queued';
}
