// The session: the access token lives in this module's memory only — never
// in localStorage, sessionStorage or IndexedDB. The refresh token is an
// HttpOnly cookie the browser sends to /api/v1/auth. What survives a reload
// is the non-secret profile (name, role, locale), so the app can open
// offline and show the last data it fetched.
import { reactive } from 'vue';

const PROFILE_KEY = 'gendan.profile';

export const session = reactive({
  user: null, // {id, name, email, phone, role, supplier_id, locale, supplier}
  ready: false, // boot finished
  offline: false, // signed in from the saved profile, without a token (no network)
});

let accessToken = null;
let refreshTimer = null;
let refreshing = null;
const listeners = new Set();

/** Called with the user whenever someone signs in or out. */
export function onSessionChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function emit() {
  for (const fn of listeners) fn(session.user);
}

export function token() {
  return accessToken;
}

function saveProfile(user) {
  try {
    if (user) localStorage.setItem(PROFILE_KEY, JSON.stringify(user));
    else localStorage.removeItem(PROFILE_KEY);
  } catch {
    // private mode: nothing to keep
  }
}

function savedProfile() {
  try {
    return JSON.parse(localStorage.getItem(PROFILE_KEY) || 'null');
  } catch {
    return null;
  }
}

function accept(body) {
  accessToken = body.access_token;
  clearTimeout(refreshTimer);
  // Refresh a minute before expiry, so requests rarely meet a 401.
  const ms = Math.max(10, (body.expires_in || 900) - 60) * 1000;
  refreshTimer = setTimeout(() => refresh().catch(() => {}), ms);
  session.offline = false;
  setUser({ ...(session.user || {}), ...body.user });
}

/** Stores the user's profile (after login, refresh or /me). */
export function setUser(user) {
  const changed = session.user?.id !== user?.id;
  session.user = user;
  saveProfile(user);
  if (changed) emit();
}

async function authPost(path, body) {
  const res = await fetch(`/api/v1/auth/${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    cache: 'no-store',
  });
  let data = null;
  try {
    data = await res.json();
  } catch {
    // 204 or not JSON
  }
  return { status: res.status, data, headers: res.headers };
}

/** Signs in; throws {status, code, message, retryAfter} on refusal. */
export async function login(loginName, password) {
  const r = await authPost('login', { login: loginName, password });
  if (r.status !== 200) {
    const e = new Error(r.data?.error?.message || 'login failed');
    Object.assign(e, { status: r.status, code: r.data?.error?.code, params: r.data?.error?.params, fields: r.data?.error?.fields, retryAfter: Number(r.headers.get('Retry-After')) || 0 });
    throw e;
  }
  accept(r.data);
  return session.user;
}

/**
 * Gets a new access token with the refresh cookie. Concurrent callers share
 * one request. Resolves true on success, false when the session is over;
 * rejects on a network failure.
 */
export function refresh() {
  if (!refreshing) {
    refreshing = authPost('refresh')
      .then((r) => {
        if (r.status === 200) {
          accept(r.data);
          return true;
        }
        if (r.status === 401) {
          endSession();
          return false;
        }
        throw new Error(`refresh: ${r.status}`);
      })
      .finally(() => {
        refreshing = null;
      });
  }
  return refreshing;
}

// The service worker's copy of API answers belongs to the user who saw
// them: it goes when their session ends, so the next user never sees it.
function forgetCachedData() {
  return globalThis.caches ? caches.delete('gendan-api').catch(() => {}) : Promise.resolve();
}

function endSession() {
  accessToken = null;
  clearTimeout(refreshTimer);
  session.offline = false;
  if (session.user) {
    session.user = null;
    saveProfile(null);
    forgetCachedData();
    emit();
  }
}

// This device's Web Push subscription is its user's (features/notifications/
// push.js keeps who turned it on): signing out removes it while the session
// can still say so to the server, and another user signing in drops it, so
// the next person on a shared phone never gets the last one's notifications.
// The push code loads only when there is a subscription to remove.
const PUSH_OWNER_KEY = 'gendan.push.owner';
function pushOwner() {
  try {
    return localStorage.getItem(PUSH_OWNER_KEY);
  } catch {
    return null;
  }
}
const pushCode = () => import('./features/notifications/push.js');
onSessionChange((user) => {
  const owner = pushOwner();
  if (user && owner && owner !== String(user.id)) pushCode().then((m) => m.dropForeign()).catch(() => {});
  else if (user && owner) pushCode().then((m) => m.resync(user.id)).catch(() => {});
});
// The worker saw the push service replace the subscription (push-sw.js).
globalThis.navigator?.serviceWorker?.addEventListener?.('message', (e) => {
  if (e.data?.type === 'gendan-push-changed' && pushOwner()) pushCode().then((m) => m.resync()).catch(() => {});
});

/** Signs out: removes this device's push subscription, revokes the refresh token and forgets cached API data. */
export async function logout() {
  if (pushOwner()) {
    try {
      await (await pushCode()).forgetDevice();
    } catch {
      // offline: the push service forgets it at the next unsubscribe or 410
    }
  }
  try {
    await authPost('logout');
  } catch {
    // offline: the cookie is cleared server-side next time; forget locally now
  }
  endSession();
  await forgetCachedData();
}

/**
 * On app start: resume the session from the refresh cookie; offline, resume
 * from the saved profile so cached data can be shown.
 */
export async function boot() {
  // Nobody has signed in on this device (or they signed out): go straight
  // to the login page instead of asking for a refresh that must fail.
  if (!savedProfile()) {
    session.ready = true;
    return;
  }
  try {
    await refresh();
  } catch {
    const profile = savedProfile();
    if (profile) {
      session.user = profile;
      session.offline = true;
      emit();
    }
  }
  session.ready = true;
}
