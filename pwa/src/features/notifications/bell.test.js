// Reading a notification: online it is POSTed at once; offline, or when
// the network fails, it is queued in the outbox, and the bell counts it
// read until the server has it.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { markRead, READ_REF } from './notifyApi.js';
import { serverUnread, unread, pendingReads } from './bell.js';
import { items } from '../../queue.js';

const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('markRead', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('POSTs the read when online', async () => {
    const fetch = vi.fn(async () => json(200, { notification: { id: 41 } }));
    vi.stubGlobal('fetch', fetch);
    const queue = vi.fn(async () => ({}));
    expect(await markRead({ id: 41 }, 'x', { online: () => true, queue })).toBe('sent');
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/notifications/41/read');
    expect(fetch.mock.calls[0][1].method).toBe('POST');
    expect(queue).not.toHaveBeenCalled();
  });

  it('queues it in the outbox when offline, without trying the network', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    const queue = vi.fn(async () => ({}));
    expect(await markRead({ id: 41 }, '标记通知为已读', { online: () => false, queue })).toBe('queued');
    expect(fetch).not.toHaveBeenCalled();
    expect(queue).toHaveBeenCalledWith({ label: '标记通知为已读', method: 'POST', url: '/api/v1/notifications/41/read', body: null, ref: { kind: READ_REF, notificationId: 41 } });
  });

  it('queues it when the network fails or the server has a 5xx', async () => {
    for (const answer of [() => Promise.reject(new TypeError('Failed to fetch')), async () => json(503, { error: { code: 'unavailable' } })]) {
      vi.stubGlobal('fetch', vi.fn(answer));
      const queue = vi.fn(async () => ({}));
      expect(await markRead({ id: 7 }, 'x', { online: () => true, queue })).toBe('queued');
      expect(queue).toHaveBeenCalledTimes(1);
    }
  });

  it('does not queue what the server refused (gone: 404)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(404, { error: { code: 'not_found' } })));
    const queue = vi.fn(async () => ({}));
    expect(await markRead({ id: 7 }, 'x', { online: () => true, queue })).toBe('refused');
    expect(queue).not.toHaveBeenCalled();
  });
});

describe('the bell’s count', () => {
  afterEach(() => {
    items.value = [];
    serverUnread.value = null;
  });

  it('is the server’s count less the reads waiting in the outbox', () => {
    expect(unread.value).toBe(0);
    serverUnread.value = 3;
    expect(unread.value).toBe(3);
    items.value = [
      { id: 1, kind: 'json', state: 'waiting', ref: { kind: READ_REF, notificationId: 41 } },
      { id: 2, kind: 'json', state: 'pending', ref: { kind: 'comment', orderId: 12 } },
      { id: 3, kind: 'json', state: 'failed', ref: { kind: READ_REF, notificationId: 42 } },
    ];
    expect(pendingReads.value).toEqual([41]);
    expect(unread.value).toBe(2);
    serverUnread.value = 0;
    expect(unread.value).toBe(0);
  });
});
