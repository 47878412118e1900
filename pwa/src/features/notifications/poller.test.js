// The bell's poll: every interval while visible, online and signed in; at
// once on becoming visible or online; never while hidden, offline or
// signed out (fake timers, a fake document and window).
// @vitest-environment node
import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { createPoller, pollInterval, POLL_MS, POLL_KEY } from './poller.js';

function world() {
  const doc = new EventTarget();
  doc.visibilityState = 'visible';
  const win = new EventTarget();
  const w = { doc, win, online: true, signedIn: true, calls: 0, results: [] };
  w.setVisible = (v) => {
    doc.visibilityState = v ? 'visible' : 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
  };
  w.setOnline = (v) => {
    w.online = v;
    win.dispatchEvent(new Event(v ? 'online' : 'offline'));
  };
  w.poller = createPoller({
    fetch: async () => ({ unread: ++w.calls }),
    onResult: (r) => w.results.push(r.unread),
    interval: () => 30_000,
    enabled: () => w.signedIn,
    doc,
    win,
    isOnline: () => w.online,
  });
  return w;
}

describe('the unread-count poller', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('polls at once and then every 30 s while visible and online', async () => {
    const w = world();
    await w.poller.start();
    expect(w.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(w.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.calls).toBe(4);
    expect(w.results).toEqual([1, 2, 3, 4]);
    w.poller.stop();
  });

  it('stops while the page is hidden and polls at once when it is visible again', async () => {
    const w = world();
    await w.poller.start();
    w.setVisible(false);
    expect(w.poller.waiting).toBe(false);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(w.calls).toBe(1);
    w.setVisible(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(w.calls).toBe(2);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(w.calls).toBe(3);
    w.poller.stop();
  });

  it('stops while offline and polls at once when the connection is back', async () => {
    const w = world();
    await w.poller.start();
    w.setOnline(false);
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(w.calls).toBe(1);
    w.setOnline(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(w.calls).toBe(2);
    w.poller.stop();
  });

  it('does not poll when started hidden or offline, until that changes', async () => {
    const w = world();
    w.doc.visibilityState = 'hidden';
    await w.poller.start();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.calls).toBe(0);
    w.online = false;
    w.setVisible(true); // visible but offline: still nothing
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.calls).toBe(0);
    w.setOnline(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(w.calls).toBe(1);
    w.poller.stop();
  });

  it('does not poll when nobody is signed in', async () => {
    const w = world();
    w.signedIn = false;
    await w.poller.start();
    await vi.advanceTimersByTimeAsync(60_000);
    w.setVisible(true);
    w.setOnline(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(w.calls).toBe(0);
    w.poller.stop();
  });

  it('never polls after stop, and ignores an answer that arrives after it', async () => {
    const w = world();
    let release;
    const results = [];
    const p = createPoller({
      fetch: () => new Promise((r) => { release = r; }),
      onResult: (r) => results.push(r),
      doc: w.doc,
      win: w.win,
      isOnline: () => true,
    });
    p.start();
    p.stop();
    release({ unread: 5 });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(results).toEqual([]);
    w.setVisible(true);
    w.setOnline(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(results).toEqual([]);
  });

  it('sends one request at a time: events during a poll do not start another', async () => {
    const w = world();
    let calls = 0;
    let release;
    const p = createPoller({
      fetch: () => { calls++; return new Promise((r) => { release = r; }); },
      onResult: () => {},
      doc: w.doc,
      win: w.win,
      isOnline: () => true,
    });
    p.start();
    w.setVisible(true);
    w.setOnline(true);
    p.poll();
    expect(calls).toBe(1);
    release({ unread: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(p.waiting).toBe(true);
    p.stop();
  });

  it('keeps polling after a failed request', async () => {
    const w = world();
    let calls = 0;
    const errors = [];
    const p = createPoller({
      fetch: async () => { calls++; throw new Error('404'); },
      onResult: () => {},
      onError: (e) => errors.push(e.message),
      interval: () => 1000,
      doc: w.doc,
      win: w.win,
      isOnline: () => true,
    });
    await p.start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toBe(3);
    expect(errors).toEqual(['404', '404', '404']);
    p.stop();
  });
});

describe('pollInterval', () => {
  const storage = (v) => ({ getItem: (k) => (k === POLL_KEY ? v : null) });
  it('is 30 s unless a test overrides it (at least 500 ms)', () => {
    expect(POLL_MS).toBe(30_000);
    expect(pollInterval({})).toBe(30_000);
    expect(pollInterval(undefined)).toBe(30_000);
    expect(pollInterval({ __GENDAN_POLL_MS: 1000 })).toBe(1000);
    expect(pollInterval({ localStorage: storage('2000') })).toBe(2000);
    expect(pollInterval({ __GENDAN_POLL_MS: 1500, localStorage: storage('2000') })).toBe(1500);
    expect(pollInterval({ localStorage: storage('10') })).toBe(30_000);
    expect(pollInterval({ localStorage: storage('soon') })).toBe(30_000);
    expect(pollInterval({ localStorage: { getItem: () => { throw new Error('blocked'); } } })).toBe(30_000);
  });
});
