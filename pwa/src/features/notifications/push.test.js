// Web Push on the device: the offer's rule (fake permission, memo and
// time), the VAPID key's conversion, the switch's states, the texts in both
// languages, and the service worker's handlers (public/push-sw.js run in a
// fake worker scope).
import { describe, it, expect, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { shouldOffer, switchState, base64urlToBytes, supported, readMemo, writeMemo, OFFER_AGAIN_MS } from './push.js';
import { pushMessages } from './pushMessages.js';
import { i18n } from '../../i18n/index.js';
import { itPairsLanguages, missingKeys } from '../../i18n/messageChecks.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const DAY = 24 * 3600 * 1000;
const base = { isSupported: true, permission: 'default', subscribed: false, memo: null, now: NOW, shown: false };

describe('the push offer', () => {
  it('is made to a browser that can push and has not been asked', () => {
    expect(shouldOffer(base)).toBe(true);
  });
  it('is not made where push is not supported, blocked, or already on', () => {
    expect(shouldOffer({ ...base, isSupported: false })).toBe(false);
    expect(shouldOffer({ ...base, permission: 'denied' })).toBe(false);
    expect(shouldOffer({ ...base, permission: 'granted', subscribed: true })).toBe(false);
    expect(shouldOffer({ ...base, permission: undefined })).toBe(false);
  });
  it('is made once per page', () => {
    expect(shouldOffer({ ...base, shown: true })).toBe(false);
  });
  it('is made to the next user of a browser that allows notifications but has no subscription', () => {
    expect(shouldOffer({ ...base, permission: 'granted', subscribed: false })).toBe(true);
  });
  it('after "not now" waits 30 days', () => {
    const declined = (msAgo) => ({ ...base, memo: { declined: new Date(NOW - msAgo).toISOString() } });
    expect(shouldOffer(declined(0))).toBe(false);
    expect(shouldOffer(declined(DAY))).toBe(false);
    expect(shouldOffer(declined(29 * DAY))).toBe(false);
    expect(shouldOffer(declined(OFFER_AGAIN_MS - 1))).toBe(false);
    expect(shouldOffer(declined(OFFER_AGAIN_MS))).toBe(true);
    expect(shouldOffer(declined(45 * DAY))).toBe(true);
    // A date in the future (a clock that was wrong) does not silence it for ever.
    expect(shouldOffer(declined(-400 * DAY))).toBe(true);
    expect(shouldOffer({ ...base, memo: { declined: 'not a date' } })).toBe(true);
  });
  it('is never made again to a user who turned push off on the Me screen', () => {
    expect(shouldOffer({ ...base, memo: { off: true }, now: NOW + 365 * DAY })).toBe(false);
  });
  it('keeps each user’s answer apart in storage', () => {
    const data = new Map();
    const ls = { getItem: (k) => (data.has(k) ? data.get(k) : null), setItem: (k, v) => data.set(k, String(v)), removeItem: (k) => data.delete(k) };
    writeMemo(7, { declined: '2026-12-01T00:00:00.000Z' }, ls);
    expect(readMemo(7, ls)).toEqual({ declined: '2026-12-01T00:00:00.000Z' });
    expect(readMemo(8, ls)).toBe(null);
    writeMemo(7, null, ls);
    expect(readMemo(7, ls)).toBe(null);
    data.set('gendan.push.9', '{broken');
    expect(readMemo(9, ls)).toBe(null);
    expect(readMemo(1, { getItem: () => { throw new Error('private mode'); } })).toBe(null);
  });
});

describe('support', () => {
  it('needs Notification, PushManager and service workers', () => {
    expect(supported({ Notification: 1, PushManager: 1, navigator: { serviceWorker: {} } })).toBe(true);
    expect(supported({ Notification: 1, navigator: { serviceWorker: {} } })).toBe(false);
    expect(supported({ PushManager: 1, navigator: { serviceWorker: {} } })).toBe(false);
    expect(supported({ Notification: 1, PushManager: 1, navigator: {} })).toBe(false);
    expect(supported(null)).toBe(false);
  });
});

describe('the Me screen’s switch', () => {
  const s = { isSupported: true, enabled: true, permission: 'granted', subscribed: true, owned: true };
  it('says on, off, blocked, unsupported or unavailable', () => {
    expect(switchState(s)).toBe('on');
    expect(switchState({ ...s, owned: false })).toBe('off');
    expect(switchState({ ...s, subscribed: false })).toBe('off');
    expect(switchState({ ...s, permission: 'default', subscribed: false })).toBe('off');
    expect(switchState({ ...s, permission: 'denied' })).toBe('blocked');
    expect(switchState({ ...s, isSupported: false })).toBe('unsupported');
    expect(switchState({ ...s, enabled: false })).toBe('unavailable');
  });
});

describe('base64url → Uint8Array', () => {
  it('decodes with and without padding, with - and _', () => {
    expect([...base64urlToBytes('AQID')]).toEqual([1, 2, 3]);
    expect([...base64urlToBytes('-_8')]).toEqual([0xfb, 0xff]);
    expect([...base64urlToBytes('-_8=')]).toEqual([0xfb, 0xff]);
    expect([...base64urlToBytes('AA')]).toEqual([0]);
    expect(base64urlToBytes('')).toEqual(new Uint8Array(0));
  });
  it('gives the 65 bytes of an uncompressed P-256 key', () => {
    const bytes = new Uint8Array(65).map((_, i) => (i === 0 ? 4 : (i * 37) & 255));
    const key = Buffer.from(bytes).toString('base64url');
    const out = base64urlToBytes(key);
    expect(out).toBeInstanceOf(Uint8Array);
    expect(out.length).toBe(65);
    expect(out[0]).toBe(4);
    expect([...out]).toEqual([...bytes]);
  });
});

describe('push messages', () => {
  itPairsLanguages(pushMessages['zh-CN'], pushMessages.en);
  it('are merged under notifications.push.', () => {
    const g = i18n.global;
    expect(g.t('notifications.push.toggle', {}, { locale: 'zh-CN' })).toBe('本设备推送通知');
    expect(g.t('notifications.push.toggle', {}, { locale: 'en' })).toBe('Push notifications on this device');
  });
  it('has every key the push code names', () => {
    const dir = import.meta.dirname;
    const files = ['push.js', 'PushOffer.vue', 'PushSwitch.vue'].map((f) => resolve(dir, f));
    const { bad, seen } = missingKeys('notifications', { 'zh-CN': pushMessages['zh-CN'], en: pushMessages.en }, files);
    expect(bad).toEqual([]);
    expect(seen).toBeGreaterThan(10);
  });
});

// ---- the service worker ----------------------------------------------------

const swSource = readFileSync(resolve(import.meta.dirname, '../../../public/push-sw.js'), 'utf8');
const ORIGIN = 'https://gendan.example';

function worker({ clients = [] } = {}) {
  const listeners = {};
  const shown = [];
  const opened = [];
  const self = {
    location: new URL(ORIGIN + '/sw.js'),
    addEventListener: (type, fn) => { listeners[type] = fn; },
    registration: {
      showNotification: vi.fn(async (title, options) => shown.push({ title, options })),
      getNotifications: vi.fn(async ({ tag }) => shown.filter((n) => n.options.tag === tag).map((n) => n.options)),
      pushManager: { subscribe: vi.fn(async (options) => ({ endpoint: 'https://push.example/new', options })) },
    },
    clients: {
      matchAll: vi.fn(async () => clients),
      openWindow: vi.fn(async (url) => opened.push(url)),
    },
  };
  runInNewContext(swSource, { self, URL, String, Array, Promise, JSON });
  const fire = async (type, event) => {
    let wait = null;
    listeners[type]({ ...event, waitUntil: (p) => { wait = p; } });
    await wait;
  };
  return { self, shown, opened, fire, listeners };
}
const data = (text) => ({ text: () => text, json: () => JSON.parse(text) });
const client = (url, extra = {}) => ({ url, focused: false, visibilityState: 'hidden', focus: vi.fn(async function () { return this; }), navigate: vi.fn(async () => null), ...extra });

describe('the service worker (public/push-sw.js)', () => {
  it('shows the pushed notification with its kind as tag and the path to open', async () => {
    const w = worker();
    const payload = { id: 41, kind: 'sample_submitted', title: '样品待审批', body: '陈建华提交了订单 NW-24017 的产前样', url: ORIGIN + '/approvals/12' };
    await w.fire('push', { data: data(JSON.stringify(payload)) });
    expect(w.shown).toHaveLength(1);
    expect(w.shown[0].title).toBe('样品待审批');
    expect(w.shown[0].options).toMatchObject({ body: payload.body, tag: 'sample_submitted', renotify: true, icon: '/icons/icon-192.png', data: { url: '/approvals/12', id: 41 } });
  });
  it('shows a message sent twice again without ringing, and a new one ringing', async () => {
    const w = worker();
    const payload = { id: 'send-9', kind: 'comment_added', title: 'NW-24017 有新留言', body: '面料到了', url: ORIGIN + '/orders/3' };
    await w.fire('push', { data: data(JSON.stringify(payload)) });
    await w.fire('push', { data: data(JSON.stringify(payload)) });
    await w.fire('push', { data: data(JSON.stringify({ ...payload, id: 'send-10' })) });
    expect(w.shown.map((n) => [n.options.data.id, n.options.renotify])).toEqual([['send-9', true], ['send-9', false], ['send-10', true]]);
  });
  it('on pushsubscriptionchange subscribes again with the old options and tells the windows', async () => {
    const app = client(ORIGIN + '/orders', { postMessage: vi.fn() });
    const w = worker({ clients: [app] });
    const options = { userVisibleOnly: true, applicationServerKey: new Uint8Array([4, 1]) };
    await w.fire('pushsubscriptionchange', { oldSubscription: { options }, newSubscription: null });
    expect(w.self.registration.pushManager.subscribe).toHaveBeenCalledWith(options);
    expect(app.postMessage).toHaveBeenCalledWith({ type: 'gendan-push-changed' });
    // A browser that gives the new one itself is not subscribed twice.
    const w2 = worker({ clients: [app] });
    await w2.fire('pushsubscriptionchange', { oldSubscription: { options }, newSubscription: { endpoint: 'x' } });
    expect(w2.self.registration.pushManager.subscribe).not.toHaveBeenCalled();
    expect(app.postMessage).toHaveBeenCalledTimes(2);
  });
  it('shows a generic notification for a payload that is not JSON, or none', async () => {
    const w = worker();
    await w.fire('push', { data: data('hello there') });
    await w.fire('push', { data: null });
    await w.fire('push', { data: data('[1,2]') });
    expect(w.shown.map((n) => n.options.body)).toEqual(['hello there', '您有一条新通知 · You have a new notification', '[1,2]']);
    for (const n of w.shown) expect(n.title).toBe('Gendan 跟单');
    for (const n of w.shown) expect(n.options.data.url).toBe('/');
  });
  it('keeps only same-origin URLs', () => {
    const { samePath } = worker().self.gendanPush;
    expect(samePath(ORIGIN + '/orders/12?tab=plan#x')).toBe('/orders/12?tab=plan#x');
    expect(samePath('/orders/12')).toBe('/orders/12');
    expect(samePath('https://evil.example/orders/12')).toBe('/');
    expect(samePath('javascript:alert(1)')).toBe('/');
    expect(samePath('//evil.example/x')).toBe('/');
    expect(samePath(undefined)).toBe('/');
  });
  it('on a tap focuses an open window of the app and takes it to the path', async () => {
    const status = client(ORIGIN + '/s/abc123', { visibilityState: 'visible' });
    const app = client(ORIGIN + '/orders');
    const w = worker({ clients: [status, client('https://other.example/'), app] });
    const close = vi.fn();
    await w.fire('notificationclick', { notification: { close, data: { url: '/orders/12' } } });
    expect(close).toHaveBeenCalled();
    expect(app.focus).toHaveBeenCalled();
    expect(app.navigate).toHaveBeenCalledWith('/orders/12');
    expect(status.focus).not.toHaveBeenCalled();
    expect(status.navigate).not.toHaveBeenCalled();
    expect(w.opened).toEqual([]);
  });
  it('prefers the focused window, and leaves one already there alone', async () => {
    const a = client(ORIGIN + '/orders');
    const b = client(ORIGIN + '/orders/12', { focused: true });
    const w = worker({ clients: [a, b] });
    await w.fire('notificationclick', { notification: { close: () => {}, data: { url: '/orders/12' } } });
    expect(b.focus).toHaveBeenCalled();
    expect(b.navigate).not.toHaveBeenCalled();
    expect(a.focus).not.toHaveBeenCalled();
  });
  it('opens a window when none of the app is open, and never another origin', async () => {
    const w = worker({ clients: [client(ORIGIN + '/s/tok')] });
    await w.fire('notificationclick', { notification: { close: () => {}, data: { url: 'https://evil.example/x' } } });
    expect(w.opened).toEqual(['/']);
    const w2 = worker();
    await w2.fire('notificationclick', { notification: { close: () => {}, data: { url: '/deliveries/3/packing-list' } } });
    expect(w2.opened).toEqual(['/deliveries/3/packing-list']);
  });
  it('opens a window when the open one cannot be taken there', async () => {
    const app = client(ORIGIN + '/orders', { navigate: vi.fn(async () => { throw new TypeError('not controlled'); }) });
    const w = worker({ clients: [app] });
    await w.fire('notificationclick', { notification: { close: () => {}, data: { url: '/orders/12' } } });
    expect(w.opened).toEqual(['/orders/12']);
  });
});
