// Web Push on this device (issue 16): the offer at a sensible moment — after
// the user's first successful progress report (factory) or sample decision
// (staff), never on load — and the switch on the Me screen. Loaded lazily:
// nothing here is in the first paint.
//
// The browser's subscription belongs to the user who turned it on
// (OWNER_KEY): signing out removes it on the server and at the push
// service, and another user signing in on the same phone drops it
// (session.js), so a shared phone never shows the last user's notifications.
import { createApp, reactive } from 'vue';
import { i18n } from '../../i18n/index.js';
import { get, request } from '../../api.js';
import { session, onSessionChange } from '../../session.js';
import './pushMessages.js';

export const OWNER_KEY = 'gendan.push.owner';
export const ENDPOINT_KEY = 'gendan.push.endpoint'; // the endpoint the server was last given
export const OFFER_AGAIN_MS = 30 * 24 * 3600 * 1000; // "Not now" is asked again after 30 days
const memoKey = (userId) => `gendan.push.${userId}`;

/** applicationServerKey bytes from the server's base64url VAPID key. */
export function base64urlToBytes(s) {
  const b64 = String(s).replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Whether this browser can do Web Push at all. */
export function supported(win = globalThis) {
  return !!(win && 'Notification' in win && 'PushManager' in win && win.navigator && 'serviceWorker' in win.navigator);
}

/**
 * The offer's rule, pure: supported, not shown yet in this page's life, not
 * blocked, not already on, not turned off on the Me screen, not declined in
 * the last 30 days. A browser that already allows notifications but has no
 * subscription (another user turned them on, then signed out) is offered too:
 * each person on a shared phone chooses for themselves.
 * memo: what this user answered on this device ({declined: ISO date} or {off: true}).
 */
export function shouldOffer({ isSupported, permission, subscribed, memo, now, shown }) {
  if (!isSupported || shown) return false;
  if (permission !== 'default' && permission !== 'granted') return false;
  if (permission === 'granted' && subscribed) return false;
  if (memo?.off) return false;
  if (memo?.declined) {
    const at = Date.parse(memo.declined);
    if (Number.isFinite(at) && now - at < OFFER_AGAIN_MS && now >= at) return false;
  }
  return true;
}

/**
 * The Me screen's state: 'unsupported' | 'unavailable' (the server has push
 * off) | 'blocked' | 'on' | 'off'.
 */
export function switchState({ isSupported, enabled, permission, subscribed, owned }) {
  if (!isSupported) return 'unsupported';
  if (!enabled) return 'unavailable';
  if (permission === 'denied') return 'blocked';
  return permission === 'granted' && subscribed && owned ? 'on' : 'off';
}

function store() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null;
  }
}
export function readMemo(userId, ls = store()) {
  try {
    return JSON.parse(ls?.getItem(memoKey(userId)) || 'null');
  } catch {
    return null;
  }
}
export function writeMemo(userId, memo, ls = store()) {
  try {
    if (memo) ls?.setItem(memoKey(userId), JSON.stringify(memo));
    else ls?.removeItem(memoKey(userId));
  } catch {
    // private mode: asked again next time
  }
}
function setOwner(userId) {
  try {
    if (userId) store()?.setItem(OWNER_KEY, String(userId));
    else store()?.removeItem(OWNER_KEY);
  } catch {
    // nothing to keep
  }
}
function owner() {
  try {
    return store()?.getItem(OWNER_KEY) || null;
  } catch {
    return null;
  }
}

let keyAnswer = null; // GET /api/v1/push/key, once per page
function serverKey() {
  if (!keyAnswer) keyAnswer = get('/api/v1/push/key').catch((e) => {
    keyAnswer = null;
    throw e;
  });
  return keyAnswer;
}

// The service worker's registration, without waiting for one that is not
// there (navigator.serviceWorker.ready would wait forever).
async function registration() {
  if (!supported()) return null;
  return (await navigator.serviceWorker.getRegistration('/')) || null;
}
async function currentSubscription() {
  const reg = await registration();
  return reg ? reg.pushManager.getSubscription() : null;
}

/** Subscribes this browser and hands the subscription to the server. Resolves 'on' | 'blocked' | 'off'. */
export async function turnOn() {
  // First, while the tap still counts as the user's gesture.
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'blocked' : 'off';
  const { enabled, public_key: publicKey } = await serverKey();
  if (!enabled) return 'off';
  const reg = await registration();
  if (!reg) throw new Error('no service worker');
  let sub = await reg.pushManager.getSubscription();
  if (!sub) sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64urlToBytes(publicKey) });
  await request('POST', '/api/v1/push/subscriptions', { body: sub.toJSON() });
  setOwner(session.user?.id);
  keep(ENDPOINT_KEY, sub.endpoint);
  if (session.user) writeMemo(session.user.id, null);
  return 'on';
}

/**
 * The push service may replace a subscription (the worker's
 * pushsubscriptionchange): at start and when the worker says so, the
 * browser of the user who turned push on hands the server the one it has
 * now, if the server was given another. Resolves whether it did.
 */
export async function resync(userId = session.user?.id) {
  if (!userId || owner() !== String(userId) || !supported() || globalThis.Notification?.permission !== 'granted') return false;
  const sub = await currentSubscription();
  if (!sub || kept(ENDPOINT_KEY) === sub.endpoint) return false;
  await request('POST', '/api/v1/push/subscriptions', { body: sub.toJSON() });
  keep(ENDPOINT_KEY, sub.endpoint);
  return true;
}

function keep(key, value) {
  try {
    if (value) store()?.setItem(key, value);
    else store()?.removeItem(key);
  } catch {
    // private mode: sent again next time
  }
}
function kept(key) {
  try {
    return store()?.getItem(key) || null;
  } catch {
    return null;
  }
}

/** Removes this browser's subscription, on the server first (it needs the session). */
export async function turnOff({ remember = true } = {}) {
  const sub = await currentSubscription();
  if (sub) {
    await request('DELETE', '/api/v1/push/subscriptions', { body: { endpoint: sub.endpoint } });
    await sub.unsubscribe().catch(() => {});
  }
  setOwner(null);
  keep(ENDPOINT_KEY, null);
  if (remember && session.user) writeMemo(session.user.id, { off: true });
}

/**
 * Signing out: the server forgets this device for the user (best effort,
 * a few seconds at most), and the push service forgets the subscription
 * whatever happened (a push to it then answers 410 and the server drops it).
 */
export async function forgetDevice(ms = 5000) {
  const sub = await currentSubscription().catch(() => null);
  if (sub) {
    const gone = request('DELETE', '/api/v1/push/subscriptions', { body: { endpoint: sub.endpoint } }).catch(() => {});
    await Promise.race([gone, new Promise((r) => setTimeout(r, ms))]);
    await sub.unsubscribe().catch(() => {});
  }
  setOwner(null);
  keep(ENDPOINT_KEY, null);
}

/** Another user signed in on this device: the previous user's subscription goes. */
export async function dropForeign() {
  const sub = await currentSubscription().catch(() => null);
  if (sub) await sub.unsubscribe().catch(() => {});
  setOwner(null);
  keep(ENDPOINT_KEY, null);
}

/** The Me screen's switch: reads the state. */
export async function readState() {
  const isSupported = supported();
  if (!isSupported) return 'unsupported';
  let enabled = false;
  try {
    enabled = !!(await serverKey()).enabled;
  } catch (e) {
    // Offline the server cannot say: show what this browser has.
    enabled = e?.code === 'network';
  }
  const sub = await currentSubscription().catch(() => null);
  return switchState({ isSupported, enabled, permission: Notification.permission, subscribed: !!sub, owned: owner() === String(session.user?.id) });
}

// ---- the offer -------------------------------------------------------------

const offer = reactive({ shown: false, app: null });

function closeOffer() {
  if (offer.app) {
    offer.app.unmount();
    offer.app._container?.remove();
  }
  offer.app = null;
}

/**
 * Offers push after a success that shows the user what notifications are
 * for. reason: 'report' | 'decision'. Never throws; resolves whether the
 * offer was shown.
 */
export async function maybeOfferPush(reason, { now = Date.now() } = {}) {
  try {
    const user = session.user;
    if (!user || session.offline || !['report', 'decision'].includes(reason)) return false;
    const isSupported = supported();
    const base = { isSupported, permission: isSupported ? Notification.permission : 'denied', memo: readMemo(user.id), now, shown: offer.shown };
    if (!shouldOffer({ ...base, subscribed: false })) return false;
    // No service worker yet (it installs once the first screen is idle): next time.
    const reg = await registration();
    if (!reg) return false;
    const sub = await reg.pushManager.getSubscription();
    if (!shouldOffer({ ...base, subscribed: !!sub && owner() === String(user.id) })) return false;
    const key = await serverKey();
    if (!key?.enabled || !key.public_key) return false;
    if (session.user?.id !== user.id || offer.shown) return false;
    offer.shown = true;
    await showOffer(user.id, reason);
    return true;
  } catch {
    return false;
  }
}

async function showOffer(userId, reason) {
  const { default: PushOffer } = await import('./PushOffer.vue');
  const el = document.createElement('div');
  document.body.appendChild(el);
  const app = createApp(PushOffer, { reason, userId, onClose: closeOffer });
  app.use(i18n);
  app.mount(el);
  offer.app = app;
}

/** "Not now": asked again in 30 days at the earliest. */
export function decline(userId) {
  writeMemo(userId, { declined: new Date().toISOString() });
}

// Signing out (or another user): the offer goes with the session.
onSessionChange(() => closeOffer());
