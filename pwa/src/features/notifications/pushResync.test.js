// push.js resync: a subscription the push service replaced reaches the
// server once, only from the browser of the user who turned push on.
import { describe, it, expect, vi, beforeEach } from 'vitest';

const posted = [];
vi.mock('../../api.js', () => ({
  get: vi.fn(),
  request: vi.fn(async (method, path, { body }) => posted.push({ method, path, body })),
}));

const { resync, OWNER_KEY, ENDPOINT_KEY } = await import('./push.js');

let endpoint = 'https://push.example/a';
function browser({ permission = 'granted', subscribed = true } = {}) {
  globalThis.Notification = { permission };
  globalThis.PushManager = function PushManager() {};
  const sub = () => (subscribed ? { endpoint, toJSON: () => ({ endpoint, keys: { p256dh: 'k', auth: 'a' } }) } : null);
  Object.defineProperty(globalThis.navigator, 'serviceWorker', {
    configurable: true,
    value: { getRegistration: async () => ({ pushManager: { getSubscription: async () => sub() } }) },
  });
}

describe('resync', () => {
  beforeEach(() => {
    posted.length = 0;
    localStorage.clear();
    endpoint = 'https://push.example/a';
  });
  it('hands the server a subscription it was not given, once', async () => {
    browser();
    localStorage.setItem(OWNER_KEY, '7');
    localStorage.setItem(ENDPOINT_KEY, 'https://push.example/old');
    expect(await resync(7)).toBe(true);
    expect(posted).toEqual([{ method: 'POST', path: '/api/v1/push/subscriptions', body: { endpoint, keys: { p256dh: 'k', auth: 'a' } } }]);
    expect(await resync(7)).toBe(false);
    expect(posted).toHaveLength(1);
    endpoint = 'https://push.example/b'; // replaced again (pushsubscriptionchange)
    expect(await resync(7)).toBe(true);
    expect(localStorage.getItem(ENDPOINT_KEY)).toBe('https://push.example/b');
  });
  it('does nothing for another user, without permission or without a subscription', async () => {
    localStorage.setItem(OWNER_KEY, '7');
    browser();
    expect(await resync(8)).toBe(false);
    browser({ permission: 'default' });
    expect(await resync(7)).toBe(false);
    browser({ subscribed: false });
    expect(await resync(7)).toBe(false);
    localStorage.removeItem(OWNER_KEY);
    browser();
    expect(await resync(7)).toBe(false);
    expect(posted).toEqual([]);
  });
});
