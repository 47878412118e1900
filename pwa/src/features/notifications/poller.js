// The bell's poll of the unread count: every interval while the page is
// visible and the browser online (and someone is signed in), at once when
// the page becomes visible again or the connection comes back; nothing
// while hidden or offline. No Vue here: the document, window, clock and
// the fetch are passed in, so the tests drive it with fake timers.

export const POLL_MS = 30_000;
export const POLL_KEY = 'gendan.pollMs';

/**
 * The poll interval in ms: 30 s, unless a test set window.__GENDAN_POLL_MS
 * or localStorage['gendan.pollMs'] (at least 500 ms).
 */
export function pollInterval(win = globalThis.window) {
  let v = win?.__GENDAN_POLL_MS;
  if (v === undefined) {
    try {
      v = win?.localStorage?.getItem(POLL_KEY) ?? undefined;
    } catch {
      v = undefined; // storage blocked
    }
  }
  const n = Number(v);
  return v !== undefined && v !== null && Number.isFinite(n) && n >= 500 ? n : POLL_MS;
}

/**
 * @param {object} o
 * @param {() => Promise<any>} o.fetch gets the count
 * @param {(result: any) => void} o.onResult
 * @param {(err: any) => void} [o.onError]
 * @param {() => number} [o.interval] read before each wait
 * @param {() => boolean} [o.enabled] e.g. someone is signed in
 * @param {Document} [o.doc] where visibilitychange is heard
 * @param {Window} [o.win] where online/offline are heard
 * @param {() => boolean} [o.isOnline]
 */
export function createPoller({
  fetch,
  onResult,
  onError = () => {},
  interval = () => POLL_MS,
  enabled = () => true,
  doc = globalThis.document,
  win = globalThis.window,
  isOnline = () => globalThis.navigator?.onLine !== false,
  setTimer = (fn, ms) => setTimeout(fn, ms),
  clearTimer = (id) => clearTimeout(id),
}) {
  let running = false;
  let timer = null;
  let inflight = null;

  const visible = () => !doc || doc.visibilityState !== 'hidden';
  const active = () => running && visible() && isOnline() && enabled();

  function clear() {
    if (timer !== null) clearTimer(timer);
    timer = null;
  }

  function schedule() {
    clear();
    if (active()) timer = setTimer(() => {
      timer = null;
      poll();
    }, interval());
  }

  /** Polls now (unless hidden, offline, stopped or one is on the wire); resolves when done. */
  function poll() {
    if (!active()) {
      clear();
      return Promise.resolve();
    }
    if (inflight) return inflight;
    clear();
    inflight = (async () => {
      try {
        const r = await fetch();
        if (running) onResult(r);
      } catch (e) {
        if (running) onError(e);
      } finally {
        inflight = null;
        schedule();
      }
    })();
    return inflight;
  }

  const onVisibility = () => (visible() ? poll() : clear());
  const onOnline = () => poll();
  const onOffline = () => clear();

  function start() {
    if (running) return poll();
    running = true;
    doc?.addEventListener?.('visibilitychange', onVisibility);
    win?.addEventListener?.('online', onOnline);
    win?.addEventListener?.('offline', onOffline);
    return poll();
  }

  function stop() {
    running = false;
    clear();
    doc?.removeEventListener?.('visibilitychange', onVisibility);
    win?.removeEventListener?.('online', onOnline);
    win?.removeEventListener?.('offline', onOffline);
  }

  return { start, stop, poll, get waiting() { return timer !== null; } };
}
