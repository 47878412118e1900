// Outbox: writes made while the network is flaky are stored in IndexedDB and
// sent later, in order, each with its own Idempotency-Key that is made once
// and reused on every replay (the server answers a replay with the first
// response). Photos are separate items uploaded before the JSON write that
// references them; their server ids are substituted into `body.photo_ids` at
// send time.
//
// No Vue here, and no credentials: a record holds only method, url, body or
// blob, key, label, ref, userId and its state. The injected `send` (the
// app's API client) adds a fresh token to every request.
//
// A JSON item's `ref` says what the write is for, set by the code that
// queues it — {kind: 'report', milestoneId}, {kind: 'sample', orderId,
// type}, {kind: 'comment', orderId}, {kind: 'me'} — so screens ask for the
// writes still waiting for their object by kind and ids (matchesRef), not
// by the URL. Items stored before refs existed get one from their URL
// (refFromRequest), here and nowhere else.

import { openDB } from 'idb';

export const STORE = 'items';
export const PHOTO_URL = '/api/v1/photos';
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
export const BACKOFF_JITTER = 0.2;

/**
 * Delay before the next attempt after `attempts` failed ones (1, 2, …):
 * 2 s × 2^(attempts-1), capped at 5 min, then ±20 % jitter from `random`.
 */
export function backoff(attempts, random = Math.random) {
  const n = Math.max(1, attempts | 0);
  const base = Math.min(BACKOFF_BASE_MS * 2 ** (n - 1), BACKOFF_CAP_MS);
  const r = Math.min(Math.max(Number(random()) || 0, 0), 1);
  return Math.round(base * (1 + BACKOFF_JITTER * (2 * r - 1)));
}

/**
 * 'ok' | 'retry' | 'final' for a `send` answer (undefined: network error).
 * A 409 is retryable when it is the server's "first request with this key is
 * still running" (idempotency_in_flight, or no code at all); a 409 a handler
 * gives (a business conflict such as `conflict`) is stored with the key by
 * the server and replayed to every retry, so it is final.
 */
export function classify(res) {
  const s = res && typeof res.status === 'number' ? res.status : 0;
  if (s >= 200 && s < 300) return 'ok';
  if (s === 409) {
    const code = res.data && res.data.error && res.data.error.code;
    return !code || code === 'idempotency_in_flight' ? 'retry' : 'final';
  }
  if (s === 408 || s === 429) return 'retry';
  if (s >= 400 && s < 500) return 'final';
  return 'retry'; // network error (0), 5xx, and anything odd
}

function newKey() {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  // Older WebViews / insecure contexts: a v4 UUID from getRandomValues.
  const b = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = Math.floor(Math.random() * 256);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// What a refusal keeps: status, code and message, and the code's params and
// the field problems when the server sent them (the form shows them).
function httpError(res) {
  const status = res.status;
  const e = res.data && typeof res.data === 'object' ? res.data.error : null;
  const out = {
    status,
    code: (e && typeof e.code === 'string' && e.code) || `http_${status}`,
    message: (e && typeof e.message === 'string' && e.message) || `HTTP ${status}`,
  };
  if (e && e.params && typeof e.params === 'object') out.params = e.params;
  if (e && e.fields && typeof e.fields === 'object') out.fields = e.fields;
  return out;
}

const REF_ROUTES = [
  ['POST', /^\/api\/v1\/milestones\/(\d+)\/reports$/, (m) => ({ kind: 'report', milestoneId: Number(m[1]) })],
  ['POST', /^\/api\/v1\/orders\/(\d+)\/samples$/, (m, body) => ({ kind: 'sample', orderId: Number(m[1]), type: body?.type ?? '' })],
  ['POST', /^\/api\/v1\/orders\/(\d+)\/comments$/, (m) => ({ kind: 'comment', orderId: Number(m[1]) })],
  ['PATCH', /^\/api\/v1\/me$/, () => ({ kind: 'me' })],
];

/**
 * The ref of a write queued without one (stored by an older version of
 * the app), from its method and URL; null for a URL it does not know.
 */
export function refFromRequest(method, url, body) {
  const path = String(url || '').split('?')[0];
  for (const [m, re, make] of REF_ROUTES) {
    const hit = String(method || '').toUpperCase() === m && re.exec(path);
    if (hit) return make(hit, body);
  }
  return null;
}

/**
 * A photo's place in a body queued with placePhotos: the write's photos go
 * where the body holds {outbox_photo: i} (i counts from 0 in `photos`), in
 * nested lists too (an inspection's defects and checks each carry their own
 * photo_ids), instead of at the end of the top-level photo_ids.
 */
export const photoSlot = (i) => ({ outbox_photo: i });

const isSlot = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) &&
  Object.keys(v).length === 1 && Number.isInteger(v.outbox_photo);

/** The body with each photo slot replaced by that photo's server id. */
export function placePhotos(body, serverIds) {
  if (isSlot(body)) return serverIds[body.outbox_photo] ?? null;
  if (Array.isArray(body)) return body.map((v) => placePhotos(v, serverIds));
  if (body !== null && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, placePhotos(v, serverIds)]));
  }
  return body;
}

/**
 * Whether an item's ref is the one asked for: the same kind, and every id
 * the query names equal (ids compare as strings: a route param is one).
 */
export function matchesRef(ref, query) {
  if (!ref || !query || ref.kind !== query.kind) return false;
  return Object.entries(query).every(([k, v]) => k === 'kind' || v === undefined || String(ref[k]) === String(v));
}

function cleanRef(ref) {
  if (ref === undefined || ref === null) return null;
  if (typeof ref !== 'object' || Array.isArray(ref) || typeof ref.kind !== 'string' || !ref.kind) {
    throw new TypeError('outbox.enqueue: ref must be an object with a kind');
  }
  return { ...ref };
}

function networkError(err) {
  return { status: 0, code: 'network_error', message: String((err && err.message) || err || 'Network error') };
}

function isBlob(b) {
  return b != null && typeof b === 'object' && typeof b.size === 'number' && typeof b.type === 'string';
}

function progressFraction(a, b) {
  if (a && typeof a === 'object') {
    if (typeof a.loaded === 'number' && a.total > 0) return Math.min(1, a.loaded / a.total);
    if (typeof a.progress === 'number') return Math.min(1, Math.max(0, a.progress));
    return null;
  }
  if (typeof a === 'number') {
    if (typeof b === 'number' && b > 0) return Math.min(1, a / b);
    return Math.min(1, Math.max(0, a));
  }
  return null;
}

/**
 * @param {object} opts
 * @param {string} [opts.dbName]
 * @param {(req: {kind: 'json'|'photo', method: string, url: string, body?: any, blob?: Blob, key: string,
 *   onProgress: Function}) => Promise<{status: number, data: any}>} opts.send
 * @param {() => number} [opts.now]
 * @param {() => number} [opts.random]
 * @param {(event: object) => void} [opts.onChange]
 * @param {EventTarget|null} [opts.eventTarget] where 'online' is heard (default: window)
 * @param {Function} [opts.setTimer] default setTimeout
 * @param {Function} [opts.clearTimer] default clearTimeout
 * @param {() => boolean} [opts.isOnline] whether the browser believes it is
 *   online (default: navigator.onLine); a failed attempt made offline does
 *   not count toward the backoff
 */
export function createOutbox({
  dbName = 'gendan-outbox',
  send,
  now = () => Date.now(),
  random = Math.random,
  onChange,
  eventTarget = typeof window !== 'undefined' ? window : null,
  setTimer = (fn, ms) => setTimeout(fn, ms),
  clearTimer = (t) => clearTimeout(t),
  isOnline = () => typeof navigator === 'undefined' || navigator.onLine !== false,
} = {}) {
  if (typeof send !== 'function') throw new TypeError('createOutbox: send must be a function');

  let dbp = null;
  function db() {
    if (!dbp) {
      dbp = openDB(dbName, 1, {
        upgrade(d) {
          const s = d.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
          s.createIndex('userId', 'userId');
        },
        blocking() {
          // A newer version elsewhere wants in: let it, reopen on next use.
          dbp?.then((d) => d.close()).catch(() => {});
          dbp = null;
        },
        terminated() {
          dbp = null;
        },
      });
      dbp.catch(() => {
        dbp = null;
      });
    }
    return dbp;
  }

  function emit(event) {
    if (!onChange) return;
    try {
      onChange(event);
    } catch (err) {
      console.error('outbox onChange', err);
    }
  }

  async function itemsOf(store, userId) {
    const all = await store.index('userId').getAll(userId);
    return all.sort((a, b) => a.id - b.id);
  }

  // ---- enqueue -----------------------------------------------------------

  async function enqueue({ userId, label = '', method, url, body, photos = [], ref = null, placePhotos: place = false } = {}) {
    if (typeof userId !== 'number' && typeof userId !== 'string') throw new TypeError('outbox.enqueue: userId must be a number or string');
    if (typeof method !== 'string' || !method) throw new TypeError('outbox.enqueue: method required');
    if (typeof url !== 'string' || !url) throw new TypeError('outbox.enqueue: url required');
    if (!Array.isArray(photos) || !photos.every(isBlob)) throw new TypeError('outbox.enqueue: photos must be an array of Blobs');
    const itemRef = cleanRef(ref);

    const t = now();
    const base = { userId, label: String(label), state: 'pending', attempts: 0, nextAt: t, error: null, createdAt: t };
    const d = await db();
    const tx = d.transaction(STORE, 'readwrite');
    const photoItemIds = [];
    for (let i = 0; i < photos.length; i++) {
      photoItemIds.push(
        await tx.store.add({
          ...base,
          kind: 'photo',
          method: 'POST',
          url: PHOTO_URL,
          blob: photos[i],
          key: newKey(),
          photoIndex: i + 1,
          photoCount: photos.length,
        }),
      );
    }
    const id = await tx.store.add({
      ...base,
      kind: 'json',
      method: method.toUpperCase(),
      url,
      body: body === undefined ? null : body,
      ref: itemRef,
      key: newKey(),
      placePhotos: !!place && photos.length > 0,
      photoItemIds,
      photoServerIds: photoItemIds.map(() => null),
    });
    await tx.done;
    emit({ type: 'enqueue', id, userId });
    if (started && started.userId === userId) flush(userId).catch(() => {});
    return id;
  }

  // ---- flush -------------------------------------------------------------

  let sending = null; // { id, progress } of the request on the wire
  let tail = Promise.resolve();
  const queued = new Map(); // userId -> promise of a flush not yet started

  function flush(userId) {
    if (queued.has(userId)) return queued.get(userId);
    const p = tail.then(async () => {
      queued.delete(userId);
      try {
        return await runFlush(userId);
      } finally {
        if (started && started.userId === userId) schedule(userId);
      }
    });
    queued.set(userId, p);
    tail = p.catch(() => {});
    return p;
  }

  async function runFlush(userId) {
    let sent = 0;
    let lastId = 0;
    const rekeyed = new Set();
    for (;;) {
      const d = await db();
      const items = await itemsOf(d.transaction(STORE).store, userId);
      const item = items.find((it) => it.id > lastId && it.state !== 'failed');
      if (!item) return { sent, stopped: null };
      if (item.nextAt > now()) return { sent, stopped: item.id }; // keeps order

      let req;
      if (item.kind === 'photo') {
        req = { kind: 'photo', method: item.method, url: item.url, blob: item.blob, key: item.key };
      } else {
        const missing = await unresolvedDependency(item, items);
        if (missing === 'wait') return { sent, stopped: item.id };
        if (missing) {
          await failItem(item.id, missing);
          lastId = item.id;
          continue;
        }
        req = { kind: 'json', method: item.method, url: item.url, body: jsonBody(item), key: item.key };
      }

      sending = { id: item.id, progress: null };
      req.onProgress = (a, b) => {
        if (!sending || sending.id !== item.id) return;
        const f = progressFraction(a, b);
        const last = sending.progress;
        sending.progress = f;
        // Upload progress fires often; the UI hears of it in 5 % steps.
        if (f === null || last === null || f >= 1 || Math.abs(f - last) >= 0.05) {
          emit({ type: 'progress', id: item.id, progress: f });
        }
      };
      emit({ type: 'sending', id: item.id });
      let res;
      let thrown = null;
      try {
        res = await send(req);
      } catch (err) {
        thrown = err;
      } finally {
        sending = null;
      }

      const verdict = thrown ? 'retry' : classify(res);
      if (verdict === 'ok') {
        if (item.kind === 'photo') {
          const serverId = res.data && res.data.id;
          if (serverId === undefined || serverId === null) {
            await failItem(item.id, { status: res.status, code: 'bad_response', message: 'The server did not return a photo id.' });
            lastId = item.id;
            continue;
          }
          await photoDone(item, serverId);
        } else {
          await jsonDone(item);
        }
        emit({ type: 'done', id: item.id, kind: item.kind, userId, data: res.data });
        sent++;
        lastId = item.id;
      } else if (verdict === 'retry') {
        const error = thrown ? networkError(thrown) : httpError(res);
        // An attempt made while the browser knows it is offline says nothing
        // about the server: it does not grow the backoff (coming back online
        // sends at once anyway, see wake()).
        const counts = isOnline() !== false;
        await update(item.id, (it) => {
          if (counts) it.attempts = (it.attempts || 0) + 1;
          it.nextAt = now() + backoff(Math.max(1, it.attempts || 0), random);
          it.state = 'waiting';
          it.error = error;
        });
        emit({ type: 'waiting', id: item.id, error });
        return { sent, stopped: item.id };
      } else {
        const error = httpError(res);
        if (item.kind === 'photo' && error.code === 'idempotency_key_reused' && !rekeyed.has(item.id)) {
          // The first upload reached the server but its answer was lost, and
          // the replay did not hash the same (a multipart boundary is random
          // per request). The photo is not attached to anything yet, so a
          // fresh upload under a new key is safe; send it again at once.
          rekeyed.add(item.id);
          await update(item.id, (it) => {
            it.key = newKey();
            it.error = error;
          });
          emit({ type: 'rekey', id: item.id });
          continue; // same item again (lastId not advanced)
        }
        await failItem(item.id, error);
        lastId = item.id;
        // Signed out: every later request would get the same answer, so
        // they stay as they are for after the next sign-in.
        if (error.status === 401) return { sent, stopped: item.id };
      }
    }
  }

  // 'wait' if a photo the item needs is still queued, an error if one is gone
  // or failed, null if all are uploaded.
  async function unresolvedDependency(item, items) {
    const deps = item.photoItemIds || [];
    for (let i = 0; i < deps.length; i++) {
      if (item.photoServerIds[i] !== null && item.photoServerIds[i] !== undefined) continue;
      const dep = items.find((it) => it.id === deps[i]);
      if (!dep) return { status: 0, code: 'photo_missing', message: `Photo ${i + 1} of ${deps.length} is no longer in the outbox.` };
      if (dep.state === 'failed') return photoFailedError(dep, i, deps.length);
      return 'wait';
    }
    return null;
  }

  function photoFailedError(photo, i, n) {
    const why = photo.error ? `: ${photo.error.message}` : '';
    return {
      status: photo.error ? photo.error.status : 0,
      code: 'photo_failed',
      message: `Photo ${i + 1} of ${n} could not be uploaded${why}`,
      photoItemId: photo.id,
    };
  }

  function jsonBody(item) {
    const deps = item.photoItemIds || [];
    if (!deps.length) return item.body;
    if (item.placePhotos) return placePhotos(item.body, item.photoServerIds);
    const base = item.body && typeof item.body === 'object' && !Array.isArray(item.body) ? item.body : {};
    const prior = Array.isArray(base.photo_ids) ? base.photo_ids : [];
    return { ...base, photo_ids: [...prior, ...item.photoServerIds] };
  }

  async function update(id, fn) {
    const d = await db();
    const tx = d.transaction(STORE, 'readwrite');
    const it = await tx.store.get(id);
    if (it) {
      fn(it);
      await tx.store.put(it);
    }
    await tx.done;
    return it;
  }

  // Marks an item failed; a photo item takes its waiting dependents along.
  async function failItem(id, error) {
    const d = await db();
    const tx = d.transaction(STORE, 'readwrite');
    const it = await tx.store.get(id);
    const failed = [];
    if (it) {
      it.state = 'failed';
      it.error = error;
      await tx.store.put(it);
      failed.push(id);
      if (it.kind === 'photo') {
        await failDependents(tx.store, it, (i, n) => photoFailedError(it, i, n), failed);
      }
    }
    await tx.done;
    for (const f of failed) emit({ type: 'failed', id: f });
  }

  // JSON items (in `items`) still waiting for this photo's server id.
  function dependents(items, photoId) {
    return items.filter((j) => {
      if (j.kind !== 'json' || !j.photoItemIds) return false;
      const i = j.photoItemIds.indexOf(photoId);
      return i >= 0 && (j.photoServerIds[i] === null || j.photoServerIds[i] === undefined);
    });
  }

  // Fails the JSON items waiting for `photo` (which is failed or gone) with
  // errorFor(index, count), and holds (fails) their other photos that no
  // live item needs, so no mobile data goes on an item that cannot be sent
  // as it stands. retry() of the JSON item brings them all back.
  async function failDependents(store, photo, errorFor, failed) {
    const items = await itemsOf(store, photo.userId);
    const byId = new Map(items.map((x) => [x.id, x]));
    for (const j of dependents(items, photo.id)) {
      if (j.state === 'failed') continue;
      j.state = 'failed';
      j.error = errorFor(j.photoItemIds.indexOf(photo.id), j.photoItemIds.length);
      await store.put(j);
      failed.push(j.id);
      for (const pid of j.photoItemIds) {
        const sib = byId.get(pid);
        if (!sib || sib.id === photo.id || sib.state === 'failed') continue;
        if (!dependents(items, pid).every((x) => x.state === 'failed')) continue;
        sib.state = 'failed';
        sib.error = { status: 0, code: 'photo_held', message: 'Not uploaded: another photo of this entry could not be sent.' };
        await store.put(sib);
        failed.push(sib.id);
      }
    }
  }

  async function photoDone(photo, serverId) {
    const d = await db();
    const tx = d.transaction(STORE, 'readwrite');
    for (const j of dependents(await itemsOf(tx.store, photo.userId), photo.id)) {
      j.photoServerIds[j.photoItemIds.indexOf(photo.id)] = serverId;
      await tx.store.put(j);
    }
    await tx.store.delete(photo.id);
    await tx.done;
  }

  async function jsonDone(item) {
    const d = await db();
    const tx = d.transaction(STORE, 'readwrite');
    await tx.store.delete(item.id);
    await tx.done;
  }

  // ---- queries and user actions -------------------------------------------

  function view(it) {
    const out = {
      id: it.id,
      userId: it.userId,
      kind: it.kind,
      label: it.label,
      method: it.method,
      url: it.url,
      key: it.key,
      state: it.state,
      attempts: it.attempts,
      nextAt: it.nextAt,
      error: it.error,
      createdAt: it.createdAt,
      sending: !!sending && sending.id === it.id,
      progress: sending && sending.id === it.id ? sending.progress : null,
    };
    if (it.kind === 'photo') {
      out.bytes = it.blob ? it.blob.size : 0;
      out.type = it.blob ? it.blob.type : '';
      out.photoIndex = it.photoIndex;
      out.photoCount = it.photoCount;
    } else {
      out.body = it.body;
      out.ref = it.ref || refFromRequest(it.method, it.url, it.body);
      out.photoItemIds = [...(it.photoItemIds || [])];
    }
    return out;
  }

  async function list(userId) {
    const d = await db();
    return (await itemsOf(d.transaction(STORE).store, userId)).map(view);
  }

  async function count(userId) {
    const d = await db();
    return d.countFromIndex(STORE, 'userId', userId);
  }

  async function retry(id) {
    const d = await db();
    const tx = d.transaction(STORE, 'readwrite');
    const it = await tx.store.get(id);
    if (!it) {
      await tx.done;
      return { sent: 0, stopped: null };
    }
    const t = now();
    const items = await itemsOf(tx.store, it.userId);
    const byId = new Map(items.map((x) => [x.id, x]));
    const target = byId.get(id);
    const reset = new Set([target]);
    if (target.kind === 'photo') {
      // JSON items that failed because of this photo go again too.
      for (const j of dependents(items, id)) {
        if (j.state === 'failed' && j.error && j.error.photoItemId === id) reset.add(j);
      }
    }
    // A JSON item goes again with its failed (or held) photos.
    for (const j of [...reset]) {
      if (j.kind !== 'json') continue;
      for (const pid of j.photoItemIds || []) {
        const ph = byId.get(pid);
        if (ph && ph.state === 'failed') reset.add(ph);
      }
    }
    const touched = new Set(reset);
    for (const x of reset) {
      if (x.state === 'failed' && !(x.error && (x.error.status === 401 || x.error.status === 403))) {
        // The server stores a handler's 4xx answer with the key and replays
        // it to every retry, so a rejected request needs a new key to be
        // tried again. (It changed nothing: had an earlier attempt under this
        // key succeeded, the replay would have been that 2xx.) 401/403 come
        // before the key is looked at, so those keep their key.
        x.key = newKey();
      }
      x.state = 'pending';
      x.nextAt = t;
      x.attempts = 0;
      x.error = null;
    }
    // "Try now": earlier items still backing off would block it, so they are
    // made due as well (their attempt count is kept).
    for (const x of items) {
      if (x.id < id && x.state === 'waiting' && x.nextAt > t) {
        x.nextAt = t;
        touched.add(x);
      }
    }
    for (const x of touched) await tx.store.put(x);
    await tx.done;
    emit({ type: 'retry', id });
    return flush(it.userId);
  }

  async function discard(id) {
    const d = await db();
    const tx = d.transaction(STORE, 'readwrite');
    const it = await tx.store.get(id);
    if (!it) {
      await tx.done;
      return false;
    }
    const failed = [];
    const removed = [id];
    await tx.store.delete(id);
    if (it.kind === 'photo') {
      await failDependents(
        tx.store,
        it,
        (i, n) => ({ status: 0, code: 'photo_discarded', message: `Photo ${i + 1} of ${n} was discarded.` }),
        failed,
      );
    } else {
      // Its photos go too, unless another item still needs them.
      const items = await itemsOf(tx.store, it.userId);
      for (const pid of it.photoItemIds || []) {
        if (!items.some((x) => x.id === pid)) continue;
        if (dependents(items, pid).length) continue;
        await tx.store.delete(pid);
        removed.push(pid);
      }
    }
    await tx.done;
    for (const r of removed) emit({ type: 'discard', id: r });
    for (const f of failed) emit({ type: 'failed', id: f });
    return true;
  }

  /**
   * The connection is back (or the app starts, or comes to the front):
   * every item of userId still waiting for its backoff timer is made due
   * now with its attempts reset (the backoff restarts), then all is sent.
   * Failed items stay failed.
   */
  async function wake(userId) {
    const d = await db();
    const tx = d.transaction(STORE, 'readwrite');
    const t = now();
    for (const x of await itemsOf(tx.store, userId)) {
      if (x.state === 'failed' || (x.nextAt <= t && !x.attempts)) continue;
      x.nextAt = t;
      x.attempts = 0;
      await tx.store.put(x);
    }
    await tx.done;
    return flush(userId);
  }

  // ---- background --------------------------------------------------------

  let started = null; // { userId, timer, onOnline, onVisible }

  async function schedule(userId) {
    if (!started || started.userId !== userId) return;
    if (started.timer !== null) clearTimer(started.timer), (started.timer = null);
    let items;
    try {
      const d = await db();
      items = await itemsOf(d.transaction(STORE).store, userId);
    } catch {
      return;
    }
    if (!started || started.userId !== userId) return;
    const next = items.find((it) => it.state !== 'failed'); // the one that blocks the rest
    if (!next) return;
    const delay = Math.min(Math.max(next.nextAt - now(), 1000), 2 ** 31 - 1);
    if (started.timer !== null) clearTimer(started.timer);
    started.timer = setTimer(() => {
      if (started && started.userId === userId) {
        started.timer = null;
        flush(userId).catch(() => {});
      }
    }, delay);
  }

  function start(userId) {
    stop();
    const s = { userId, timer: null, onOnline: null, onVisible: null };
    s.onOnline = () => wake(userId).catch(() => {});
    const doc = eventTarget && eventTarget.document;
    s.onVisible = () => {
      if (!doc || doc.visibilityState === 'visible') wake(userId).catch(() => {});
    };
    started = s;
    if (eventTarget && typeof eventTarget.addEventListener === 'function') eventTarget.addEventListener('online', s.onOnline);
    if (doc && typeof doc.addEventListener === 'function') doc.addEventListener('visibilitychange', s.onVisible);
    return wake(userId);
  }

  function stop() {
    const s = started;
    if (!s) return;
    started = null;
    if (s.timer !== null) clearTimer(s.timer);
    if (eventTarget && typeof eventTarget.removeEventListener === 'function') eventTarget.removeEventListener('online', s.onOnline);
    const doc = eventTarget && eventTarget.document;
    if (doc && typeof doc.removeEventListener === 'function') doc.removeEventListener('visibilitychange', s.onVisible);
  }

  async function close() {
    stop();
    await tail;
    const p = dbp;
    dbp = null;
    if (p) (await p).close();
  }

  return { enqueue, flush, wake, list, count, retry, discard, start, stop, close };
}
