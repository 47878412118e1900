// @vitest-environment node
// (happy-dom's Blob cannot be structured-cloned into fake-indexeddb; Node's can.)
import 'fake-indexeddb/auto';
import { describe, it, expect, afterEach } from 'vitest';
import { openDB } from 'idb';
import { createOutbox, backoff, classify, refFromRequest, matchesRef, placePhotos, photoSlot, BACKOFF_CAP_MS, PHOTO_URL } from './outbox.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const T0 = 1_700_000_000_000;
let dbSeq = 0;
const open = [];

afterEach(async () => {
  while (open.length) await open.pop().close();
});

const err = (status, code, message = `msg ${code}`) => ({ status, data: { error: { code, message } } });

/**
 * An outbox on a fresh database with a fake `send` that records every call
 * and answers from `script` (one entry per call: {status, data}, 'network',
 * or a function of the request); when the script is empty a photo gets 201
 * with the next photo id (from 500) and a JSON write gets 201 {ok: true}.
 */
function setup({ random = () => 0.5, ...rest } = {}) {
  const clock = { t: T0 };
  const calls = [];
  const script = [];
  const changes = [];
  let photoSeq = 500;
  const send = async (req) => {
    const { onProgress, ...rec } = req;
    calls.push({ ...rec, at: clock.t, hasProgress: typeof onProgress === 'function' });
    const a = script.length ? script.shift() : null;
    if (typeof a === 'function') return a(req);
    if (a === 'network') throw new TypeError('Failed to fetch');
    if (a) return a;
    if (req.kind === 'photo') {
      const id = photoSeq++;
      return { status: 201, data: { id, width: 10, height: 10, bytes: req.blob.size, created_at: 'x', urls: {} } };
    }
    return { status: 201, data: { ok: true } };
  };
  const dbName = `outbox-test-${++dbSeq}`;
  const ob = createOutbox({
    dbName,
    send,
    now: () => clock.t,
    random,
    onChange: (e) => changes.push(e),
    eventTarget: null,
    ...rest,
  });
  open.push(ob);
  const rawItems = async () => {
    await ob.count(0); // make sure the outbox has created its database
    const d = await openDB(dbName);
    try {
      return await d.getAll('items');
    } finally {
      d.close();
    }
  };
  return { ob, calls, script, clock, changes, dbName, rawItems };
}

const json = (userId, label, extra = {}) => ({
  userId,
  label,
  method: 'POST',
  url: `/api/v1/things/${label}`,
  body: { label, n: 1 },
  ...extra,
});
const jpeg = (text) => new Blob([text], { type: 'image/jpeg' });

describe('ordering', () => {
  it('sends three items in enqueue order and removes them', async () => {
    const { ob, calls } = setup();
    const a = await ob.enqueue(json(1, 'a'));
    const b = await ob.enqueue(json(1, 'b'));
    const c = await ob.enqueue(json(1, 'c'));
    expect(a < b && b < c).toBe(true);
    expect(await ob.count(1)).toBe(3);
    const res = await ob.flush(1);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/things/a', '/api/v1/things/b', '/api/v1/things/c']);
    expect(calls.every((c) => c.kind === 'json' && c.method === 'POST' && c.hasProgress)).toBe(true);
    expect(calls[0].body).toEqual({ label: 'a', n: 1 });
    expect(res.sent).toBe(3);
    expect(await ob.count(1)).toBe(0);
    expect(await ob.list(1)).toEqual([]);
  });

  it('uploads photos before their JSON item and substitutes photo_ids in order', async () => {
    const { ob, calls, script } = setup();
    await ob.enqueue(json(1, 'first'));
    const id = await ob.enqueue(json(1, 'report', { photos: [jpeg('one'), jpeg('two'), jpeg('three')] }));
    await ob.enqueue(json(1, 'last'));
    const items = await ob.list(1);
    expect(items.map((i) => i.kind)).toEqual(['json', 'photo', 'photo', 'photo', 'json', 'json']);
    expect(items[4].id).toBe(id);
    expect(items[4].photoItemIds).toEqual([items[1].id, items[2].id, items[3].id]);
    // Server ids deliberately not ascending.
    script.push({ status: 201, data: {} }); // 'first'
    script.push({ status: 201, data: { id: 900 } }, { status: 201, data: { id: 7 } }, { status: 201, data: { id: 42 } });
    await ob.flush(1);
    expect(calls.map((c) => c.kind)).toEqual(['json', 'photo', 'photo', 'photo', 'json', 'json']);
    for (const c of calls.slice(1, 4)) {
      expect(c).toMatchObject({ method: 'POST', url: PHOTO_URL });
      expect(c.blob).toBeInstanceOf(Blob);
    }
    expect(await Promise.all(calls.slice(1, 4).map((c) => c.blob.text()))).toEqual(['one', 'two', 'three']);
    expect(calls[4].url).toBe('/api/v1/things/report');
    expect(calls[4].body).toEqual({ label: 'report', n: 1, photo_ids: [900, 7, 42] });
    expect(calls[5].body).toEqual({ label: 'last', n: 1 }); // no photos: body untouched
    expect(await ob.count(1)).toBe(0);
  });

  it('keeps photo_ids already in the body and appends the uploaded ones', async () => {
    const { ob, calls } = setup();
    await ob.enqueue(json(1, 'edit', { body: { note: 'x', photo_ids: [3, 4] }, photos: [jpeg('new')] }));
    await ob.flush(1);
    expect(calls[1].body).toEqual({ note: 'x', photo_ids: [3, 4, 500] });
  });

  it('puts each photo where the body holds its slot (nested lists too) when queued with placePhotos', async () => {
    const { ob, calls, script } = setup();
    const body = {
      cartons_opened: 10,
      defects: [{ code: 'stain', count: 2, photo_ids: [photoSlot(1)] }, { code: 'hole', count: 1, photo_ids: [] }],
      checks: [{ kind: 'packing', passed: true, photo_ids: [photoSlot(0), photoSlot(2)] }],
      photo_ids: [],
    };
    await ob.enqueue(json(1, 'complete', { body, photos: [jpeg('a'), jpeg('b'), jpeg('c')], placePhotos: true }));
    script.push({ status: 201, data: { id: 70 } }, { status: 201, data: { id: 71 } }, { status: 201, data: { id: 72 } });
    await ob.flush(1);
    expect(calls[3].body).toEqual({
      cartons_opened: 10,
      defects: [{ code: 'stain', count: 2, photo_ids: [71] }, { code: 'hole', count: 1, photo_ids: [] }],
      checks: [{ kind: 'packing', passed: true, photo_ids: [70, 72] }],
      photo_ids: [],
    });
  });

  it('placePhotos() replaces slots only, leaving other values as they are', () => {
    expect(placePhotos({ a: [photoSlot(0), 5], b: { outbox_photo: 1, x: 1 }, c: 'z', d: null }, [9, 8]))
      .toEqual({ a: [9, 5], b: { outbox_photo: 1, x: 1 }, c: 'z', d: null });
  });

  it('stores the photos and the JSON item together, photos first', async () => {
    const { ob, rawItems } = setup();
    const id = await ob.enqueue(json(1, 'r', { photos: [jpeg('a'), jpeg('b')] }));
    const raw = await rawItems();
    expect(raw.map((r) => r.kind)).toEqual(['photo', 'photo', 'json']);
    expect(raw[2].id).toBe(id);
    expect(raw[2].photoItemIds).toEqual([raw[0].id, raw[1].id]);
    expect(raw[0]).toMatchObject({ method: 'POST', url: PHOTO_URL, state: 'pending', attempts: 0, photoIndex: 1, photoCount: 2 });
  });

  it('rejects a bad enqueue without storing anything', async () => {
    const { ob, rawItems } = setup();
    await expect(ob.enqueue(json(1, 'x', { photos: [jpeg('ok'), 'not a blob'] }))).rejects.toThrow(TypeError);
    await expect(ob.enqueue({ label: 'no user', method: 'POST', url: '/x' })).rejects.toThrow(TypeError);
    await expect(ob.enqueue({ userId: 1, method: 'POST' })).rejects.toThrow(TypeError);
    expect(await rawItems()).toEqual([]);
  });
});

describe('idempotency keys', () => {
  it('re-sends after a network error and a 503 with the same key and body', async () => {
    const { ob, calls, script, clock } = setup();
    await ob.enqueue(json(1, 'a', { body: { qty: 5, nested: { a: [1, 2] } } }));
    script.push('network', err(503, 'unavailable'));
    await ob.flush(1);
    let [item] = await ob.list(1);
    expect(item).toMatchObject({ state: 'waiting', attempts: 1 });
    expect(item.error).toMatchObject({ status: 0, code: 'network_error' });
    clock.t = item.nextAt;
    await ob.flush(1);
    [item] = await ob.list(1);
    expect(item).toMatchObject({ state: 'waiting', attempts: 2, error: { status: 503, code: 'unavailable' } });
    clock.t = item.nextAt;
    await ob.flush(1);
    expect(calls).toHaveLength(3);
    expect(calls[0].key).toMatch(UUID);
    expect(new Set(calls.map((c) => c.key)).size).toBe(1);
    for (const c of calls) expect(c.body).toEqual({ qty: 5, nested: { a: [1, 2] } });
    expect(JSON.stringify(calls[2].body)).toBe(JSON.stringify(calls[0].body));
    expect(await ob.count(1)).toBe(0);
  });

  it('re-sends a photo with the same key and blob, and its JSON item with a stable body', async () => {
    const { ob, calls, script, clock } = setup();
    await ob.enqueue(json(1, 'r', { photos: [jpeg('pic')] }));
    script.push('network'); // photo
    await ob.flush(1);
    clock.t += BACKOFF_CAP_MS * 2;
    script.push({ status: 201, data: { id: 77 } }, 'network'); // photo ok, JSON lost
    await ob.flush(1);
    clock.t += BACKOFF_CAP_MS * 2;
    await ob.flush(1);
    expect(calls.map((c) => c.kind)).toEqual(['photo', 'photo', 'json', 'json']);
    expect(calls[0].key).toBe(calls[1].key);
    expect(await calls[1].blob.text()).toBe('pic');
    expect(calls[2].key).toBe(calls[3].key);
    expect(calls[2].key).not.toBe(calls[0].key);
    expect(calls[3].body).toEqual({ label: 'r', n: 1, photo_ids: [77] });
    expect(calls[2].body).toEqual(calls[3].body);
  });

  it('gives every item its own key, made once at enqueue', async () => {
    const { ob, rawItems, calls } = setup();
    await ob.enqueue(json(1, 'a', { photos: [jpeg('1'), jpeg('2')] }));
    await ob.enqueue(json(1, 'b'));
    await ob.enqueue(json(2, 'c'));
    const raw = await rawItems();
    const keys = raw.map((r) => r.key);
    expect(keys.every((k) => UUID.test(k))).toBe(true);
    expect(new Set(keys).size).toBe(raw.length);
    await ob.flush(1);
    expect(calls.map((c) => c.key)).toEqual(keys.slice(0, 4));
  });

  it('uploads a photo again under a new key when the replay was not recognised (422 idempotency_key_reused)', async () => {
    const { ob, calls, script } = setup();
    await ob.enqueue(json(1, 'r', { photos: [jpeg('p')] }));
    script.push(err(422, 'idempotency_key_reused'), { status: 201, data: { id: 9 } });
    await ob.flush(1);
    expect(calls.map((c) => c.kind)).toEqual(['photo', 'photo', 'json']);
    expect(calls[1].key).not.toBe(calls[0].key);
    expect(calls[2].body.photo_ids).toEqual([9]);
    expect(await ob.count(1)).toBe(0);
  });
});

describe('backoff', () => {
  it('doubles from 2 s and is capped at 5 min', () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoff(n, mid))).toEqual([
      2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000,
    ]);
    expect(backoff(9, mid)).toBe(BACKOFF_CAP_MS);
    expect(backoff(50, mid)).toBe(BACKOFF_CAP_MS);
    expect(backoff(5000, mid)).toBe(BACKOFF_CAP_MS);
  });

  it('keeps jitter within ±20 %', () => {
    expect(backoff(1, () => 0)).toBe(1600);
    expect(backoff(1, () => 0.999999)).toBeLessThanOrEqual(2400);
    expect(backoff(1, () => 1)).toBe(2400);
    expect(backoff(20, () => 0)).toBe(BACKOFF_CAP_MS * 0.8);
    expect(backoff(20, () => 1)).toBe(BACKOFF_CAP_MS * 1.2);
    for (let n = 1; n <= 12; n++) {
      const base = Math.min(2000 * 2 ** (n - 1), BACKOFF_CAP_MS);
      for (let i = 0; i < 50; i++) {
        const d = backoff(n, Math.random);
        expect(d).toBeGreaterThanOrEqual(base * 0.8);
        expect(d).toBeLessThanOrEqual(base * 1.2);
      }
    }
  });

  it('sets nextAt with growing, capped delays from the injected clock and random', async () => {
    const rs = [0, 1, 0.5, 0.25];
    let k = 0;
    const { ob, script, clock } = setup({ random: () => rs[k++ % rs.length] });
    await ob.enqueue(json(1, 'a'));
    const delays = [];
    for (let i = 0; i < 12; i++) {
      script.push(err(500, 'internal_error'));
      await ob.flush(1);
      const [item] = await ob.list(1);
      expect(item.attempts).toBe(i + 1);
      delays.push(item.nextAt - clock.t);
      clock.t = item.nextAt;
    }
    const expected = delays.map((_, i) => {
      const base = Math.min(2000 * 2 ** i, BACKOFF_CAP_MS);
      return Math.round(base * (1 + 0.2 * (2 * rs[i % rs.length] - 1)));
    });
    expect(delays).toEqual(expected);
    expect(delays.slice(0, 3)).toEqual([1600, 4800, 8000]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(BACKOFF_CAP_MS * 1.2);
  });

  it('does not send an item before it is due, and it blocks the items after it', async () => {
    const { ob, calls, script, clock } = setup();
    await ob.enqueue(json(1, 'a'));
    await ob.enqueue(json(1, 'b'));
    script.push(err(503, 'unavailable'));
    const r = await ob.flush(1);
    expect(calls).toHaveLength(1); // stopped: 'b' waits behind 'a'
    const [a] = await ob.list(1);
    expect(r.stopped).toBe(a.id);
    expect(a.nextAt).toBe(T0 + 2000);

    await ob.flush(1);
    clock.t = a.nextAt - 1;
    await ob.flush(1);
    expect(calls).toHaveLength(1);
    expect((await ob.list(1)).map((i) => i.state)).toEqual(['waiting', 'pending']);

    clock.t = a.nextAt;
    await ob.flush(1);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/things/a', '/api/v1/things/a', '/api/v1/things/b']);
    expect(await ob.count(1)).toBe(0);
  });
});

describe('final vs retryable answers', () => {
  for (const [status, code] of [
    [400, 'bad_request'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [422, 'validation_failed'],
    [409, 'conflict'], // a handler's conflict: the server replays it to every retry
    [413, 'payload_too_large'],
  ]) {
    it(`${status} ${code} → failed, kept, not retried by flush; later items continue`, async () => {
      const { ob, calls, script, clock } = setup();
      await ob.enqueue(json(1, 'bad'));
      await ob.enqueue(json(1, 'good'));
      script.push(err(status, code, 'Nope.'));
      await ob.flush(1);
      expect(calls.map((c) => c.url)).toEqual(['/api/v1/things/bad', '/api/v1/things/good']);
      const items = await ob.list(1);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ label: 'bad', state: 'failed', attempts: 0, error: { status, code, message: 'Nope.' } });
      expect(await ob.count(1)).toBe(1);
      clock.t += 24 * 3600_000;
      await ob.flush(1);
      await ob.flush(1);
      expect(calls).toHaveLength(2);
      expect((await ob.list(1))[0].state).toBe('failed');
    });
  }

  it('keeps an error without the JSON envelope readable', async () => {
    const { ob, script } = setup();
    await ob.enqueue(json(1, 'x'));
    script.push({ status: 400, data: 'plain text' });
    await ob.flush(1);
    expect((await ob.list(1))[0].error).toEqual({ status: 400, code: 'http_400', message: 'HTTP 400' });
  });

  for (const answer of [
    err(408, 'request_timeout'),
    err(409, 'idempotency_in_flight'),
    { status: 409, data: null },
    err(429, 'too_many_attempts'),
    err(500, 'internal_error'),
    { status: 502, data: null },
    err(503, 'unavailable'),
    'network',
  ]) {
    const name = answer === 'network' ? 'network error' : `${answer.status} ${answer.data?.error?.code ?? ''}`;
    it(`${name} → waiting, retried later, later items wait`, async () => {
      const { ob, calls, script, clock } = setup();
      await ob.enqueue(json(1, 'flaky'));
      await ob.enqueue(json(1, 'next'));
      script.push(answer);
      await ob.flush(1);
      expect(calls).toHaveLength(1);
      const items = await ob.list(1);
      expect(items.map((i) => i.state)).toEqual(['waiting', 'pending']);
      expect(items[0].attempts).toBe(1);
      expect(items[0].nextAt).toBeGreaterThan(clock.t);
      expect(items[0].error.status).toBe(answer === 'network' ? 0 : answer.status);
      clock.t = items[0].nextAt;
      await ob.flush(1);
      expect(calls.map((c) => c.url)).toEqual(['/api/v1/things/flaky', '/api/v1/things/flaky', '/api/v1/things/next']);
      expect(await ob.count(1)).toBe(0);
    });
  }

  it('keeps the params and field problems of a refusal, for the form to show', async () => {
    const { ob, script } = setup();
    await ob.enqueue(json(1, 'x'));
    const fields = { quantity: { code: 'quantity_over_limit', params: { max: 2520, total: 2400, unit: 'pcs', pct: 5 }, message: 'cannot exceed 2520' } };
    script.push({ status: 422, data: { error: { code: 'validation_failed', message: 'Some fields are not valid.', fields } } });
    script.push({ status: 409, data: { error: { code: 'milestone_closed', params: { status: 'cancelled' }, message: 'A cancelled milestone cannot be changed.' } } });
    await ob.enqueue(json(1, 'y'));
    await ob.flush(1);
    const [x, y] = await ob.list(1);
    expect(x.error).toEqual({ status: 422, code: 'validation_failed', message: 'Some fields are not valid.', fields });
    expect(y.error).toMatchObject({ status: 409, code: 'milestone_closed', params: { status: 'cancelled' } });
  });

  it('classify()', () => {
    expect(classify({ status: 200 })).toBe('ok');
    expect(classify({ status: 204 })).toBe('ok');
    expect(classify(undefined)).toBe('retry');
    expect(classify({ status: 0 })).toBe('retry');
    expect(classify({ status: 401 })).toBe('final');
    expect(classify({ status: 409, data: { error: { code: 'idempotency_in_flight' } } })).toBe('retry');
    expect(classify({ status: 409, data: { error: { code: 'conflict' } } })).toBe('final');
    expect(classify({ status: 504 })).toBe('retry');
  });
});

describe('photo dependencies', () => {
  it('fails the JSON item of a failed photo, holds its other photos, and carries on with independent items', async () => {
    const { ob, calls, script, clock } = setup();
    const id = await ob.enqueue(json(1, 'report', { photos: [jpeg('bad'), jpeg('fine')] }));
    await ob.enqueue(json(1, 'other'));
    script.push(err(415, 'unsupported_media_type', 'Not a JPEG.'));
    await ob.flush(1);
    // 'fine' is not uploaded: its entry cannot be sent as it stands.
    expect(calls.map((c) => c.kind + ':' + c.url)).toEqual([`photo:${PHOTO_URL}`, 'json:/api/v1/things/other']);
    const items = await ob.list(1);
    expect(items.map((i) => [i.kind, i.state])).toEqual([
      ['photo', 'failed'],
      ['photo', 'failed'],
      ['json', 'failed'],
    ]);
    expect(items[0].error).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    expect(items[1].error.code).toBe('photo_held');
    expect(items[2].id).toBe(id);
    expect(items[2].error).toMatchObject({ code: 'photo_failed', photoItemId: items[0].id });
    expect(items[2].error.message).toMatch(/Photo 1 of 2.*Not a JPEG/);
    clock.t += 3600_000;
    await ob.flush(1);
    expect(calls).toHaveLength(2);
    expect(await ob.count(1)).toBe(3);
  });

  it('a photo failing after its sibling was uploaded still fails the JSON item', async () => {
    const { ob, calls, script } = setup();
    await ob.enqueue(json(1, 'r', { photos: [jpeg('ok'), jpeg('huge')] }));
    script.push({ status: 201, data: { id: 1 } }, err(413, 'payload_too_large'));
    await ob.flush(1);
    expect(calls.map((c) => c.kind)).toEqual(['photo', 'photo']);
    const items = await ob.list(1);
    expect(items.map((i) => [i.kind, i.state])).toEqual([
      ['photo', 'failed'],
      ['json', 'failed'],
    ]);
  });
});

describe('retry()', () => {
  it('sends a failed item again under a new key (the server replays a stored 4xx to its old key)', async () => {
    const { ob, calls, script } = setup();
    const id = await ob.enqueue(json(1, 'x'));
    script.push(err(422, 'validation_failed'));
    await ob.flush(1);
    expect((await ob.list(1))[0].state).toBe('failed');
    await ob.retry(id);
    expect(calls).toHaveLength(2);
    expect(calls[1].key).toMatch(UUID);
    expect(calls[1].key).not.toBe(calls[0].key);
    expect(calls[1].body).toEqual(calls[0].body);
    expect(await ob.count(1)).toBe(0);
  });

  it('a 401 fails the item and stops the flush (later items would get the same)', async () => {
    const { ob, calls, script } = setup();
    await ob.enqueue(json(1, 'a'));
    await ob.enqueue(json(1, 'b'));
    script.push(err(401, 'unauthenticated'));
    await ob.flush(1);
    expect(calls).toHaveLength(1);
    expect((await ob.list(1)).map((i) => i.state)).toEqual(['failed', 'pending']);
  });

  it('keeps the key after a 401 (answered before the key is looked at)', async () => {
    const { ob, calls, script } = setup();
    const id = await ob.enqueue(json(1, 'x'));
    script.push(err(401, 'unauthenticated'));
    await ob.flush(1);
    expect((await ob.list(1))[0].state).toBe('failed');
    await ob.retry(id);
    expect(calls[1].key).toBe(calls[0].key);
  });

  it('sends a waiting item now, with the same key, and resets its attempts', async () => {
    const { ob, calls, script } = setup();
    const id = await ob.enqueue(json(1, 'x'));
    script.push('network', 'network');
    await ob.flush(1);
    const [w] = await ob.list(1);
    expect(w.nextAt).toBeGreaterThan(T0);
    await ob.retry(id); // clock not advanced
    expect(calls).toHaveLength(2);
    expect(calls[1].key).toBe(calls[0].key);
    const [again] = await ob.list(1);
    expect(again).toMatchObject({ state: 'waiting', attempts: 1 });
    await ob.retry(id);
    expect(calls).toHaveLength(3);
    expect(await ob.count(1)).toBe(0);
  });

  it('makes earlier waiting items due too, keeping the order', async () => {
    const { ob, calls, script } = setup();
    await ob.enqueue(json(1, 'a'));
    const b = await ob.enqueue(json(1, 'b'));
    script.push(err(503, 'unavailable'));
    await ob.flush(1);
    await ob.retry(b);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/things/a', '/api/v1/things/a', '/api/v1/things/b']);
  });

  it('retrying a failed photo brings its JSON item back; retrying the JSON item brings its photos back', async () => {
    const { ob, calls, script } = setup();
    await ob.enqueue(json(1, 'r', { photos: [jpeg('p1'), jpeg('p2')] }));
    script.push(err(400, 'invalid_image'));
    await ob.flush(1);
    let items = await ob.list(1);
    expect(items.map((i) => i.state)).toEqual(['failed', 'failed', 'failed']);

    script.push(err(400, 'invalid_image'));
    await ob.retry(items[0].id);
    expect(calls).toHaveLength(2);
    items = await ob.list(1);
    expect(items.map((i) => i.state)).toEqual(['failed', 'failed', 'failed']);

    script.push({ status: 201, data: { id: 31 } }, { status: 201, data: { id: 32 } });
    await ob.retry(items[2].id);
    expect(calls.map((c) => c.kind)).toEqual(['photo', 'photo', 'photo', 'photo', 'json']);
    expect(calls[4].body.photo_ids).toEqual([31, 32]);
    expect(await ob.count(1)).toBe(0);
  });

  it('of an unknown id does nothing', async () => {
    const { ob, calls } = setup();
    await expect(ob.retry(12345)).resolves.toMatchObject({ sent: 0 });
    expect(calls).toHaveLength(0);
  });
});

describe('discard()', () => {
  it('deletes a failed item', async () => {
    const { ob, script } = setup();
    const id = await ob.enqueue(json(1, 'x'));
    script.push(err(404, 'not_found'));
    await ob.flush(1);
    expect(await ob.discard(id)).toBe(true);
    expect(await ob.count(1)).toBe(0);
    expect(await ob.discard(id)).toBe(false);
  });

  it('deletes a JSON item together with its photo items', async () => {
    const { ob, calls, rawItems } = setup();
    const id = await ob.enqueue(json(1, 'r', { photos: [jpeg('1'), jpeg('2')] }));
    await ob.enqueue(json(1, 'keep'));
    await ob.discard(id);
    expect((await rawItems()).map((r) => r.label)).toEqual(['keep']);
    await ob.flush(1);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/things/keep']);
  });

  it('of a photo item fails its JSON item, which is then not sent', async () => {
    const { ob, calls } = setup();
    await ob.enqueue(json(1, 'r', { photos: [jpeg('1'), jpeg('2')] }));
    await ob.enqueue(json(1, 'next'));
    const [p1] = await ob.list(1);
    await ob.discard(p1.id);
    const items = await ob.list(1);
    expect(items.map((i) => [i.kind, i.state])).toEqual([
      ['photo', 'failed'],
      ['json', 'failed'],
      ['json', 'pending'],
    ]);
    expect(items[1].error.code).toBe('photo_discarded');
    await ob.flush(1);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/things/next']);
    // Retrying the entry cannot bring the discarded photo back.
    await ob.retry(items[1].id);
    const left = await ob.list(1);
    expect(left.find((i) => i.kind === 'json').error.code).toBe('photo_missing');
    expect(calls.map((c) => c.kind)).toEqual(['json', 'photo']);
  });
});

describe('no credentials in IndexedDB', () => {
  it('never stores a token or an Authorization header', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2lnbmF0dXJl';
    const headers = { Authorization: `Bearer ${token}` };
    const seen = [];
    // The app's API client: adds a fresh token to each request it is handed.
    const { ob, script, rawItems, clock } = setup();
    const apiSend = async (req) => {
      seen.push({ ...req, headers: { ...headers, 'Idempotency-Key': req.key } });
      return { status: 503, data: { error: { code: 'unavailable', message: 'try later' } } };
    };
    script.push(apiSend, apiSend, 'network');
    // Callers that (wrongly) hand over their request options as well.
    await ob.enqueue({ ...json(1, 'a'), headers, token, Authorization: headers.Authorization });
    await ob.enqueue({
      ...json(1, 'b', { photos: [new File(['x'], 'p.jpg', { type: 'image/jpeg' })] }),
      headers,
      options: { headers },
    });
    const check = async () => {
      const raw = await rawItems();
      expect(raw.length).toBeGreaterThan(0);
      for (const r of raw) {
        const s = JSON.stringify(r, (k, v) => (v instanceof Blob ? `[blob ${v.size}]` : v));
        expect(s).not.toContain('Bearer');
        expect(s).not.toContain('eyJ');
        expect(s).not.toContain(token);
        expect(s.toLowerCase()).not.toContain('authorization');
        expect(Object.keys(r).filter((k) => /header|token|auth/i.test(k))).toEqual([]);
      }
    };
    await check();
    await ob.flush(1);
    clock.t += BACKOFF_CAP_MS * 2;
    await ob.flush(1);
    clock.t += BACKOFF_CAP_MS * 2;
    await ob.flush(1);
    expect(seen.length).toBe(2);
    await check();
  });
});

describe('users and counts', () => {
  it('flush(1) sends only user 1’s items; count and list are per user', async () => {
    const { ob, calls } = setup();
    await ob.enqueue(json(1, 'u1a'));
    await ob.enqueue(json(2, 'u2a', { photos: [jpeg('x')] }));
    await ob.enqueue(json(1, 'u1b'));
    expect(await ob.count(1)).toBe(2);
    expect(await ob.count(2)).toBe(2);
    expect(await ob.count(3)).toBe(0);
    expect((await ob.list(2)).map((i) => i.userId)).toEqual([2, 2]);
    await ob.flush(1);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/things/u1a', '/api/v1/things/u1b']);
    expect(await ob.count(1)).toBe(0);
    expect(await ob.count(2)).toBe(2);
    await ob.flush(2);
    expect(calls.map((c) => c.kind)).toEqual(['json', 'json', 'photo', 'json']);
    expect(await ob.count(2)).toBe(0);
  });

  it('a waiting item of one user does not block another user', async () => {
    const { ob, calls, script } = setup();
    await ob.enqueue(json(1, 'u1'));
    await ob.enqueue(json(2, 'u2'));
    script.push('network');
    await ob.flush(1);
    await ob.flush(2);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/things/u1', '/api/v1/things/u2']);
  });

  it('list() gives what the UI needs, without blobs', async () => {
    const { ob, clock } = setup();
    clock.t = T0 + 5;
    await ob.enqueue(json(1, 'r', { photos: [jpeg('abc')] }));
    const [p, j] = await ob.list(1);
    for (const item of [p, j]) {
      expect(item).toMatchObject({ userId: 1, label: 'r', state: 'pending', attempts: 0, nextAt: T0 + 5, error: null, createdAt: T0 + 5 });
      expect(typeof item.id).toBe('number');
      expect(item).not.toHaveProperty('blob');
    }
    expect(p).toMatchObject({ kind: 'photo', bytes: 3, type: 'image/jpeg' });
    expect(j).toMatchObject({ kind: 'json', body: { label: 'r', n: 1 } });
  });
});

describe('one flush at a time', () => {
  it('a second flush while one runs waits, and nothing is sent twice or concurrently', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const gates = [];
    const { ob, calls, script } = setup();
    const gated = () =>
      new Promise((resolve) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        gates.push(() => {
          inFlight--;
          resolve({ status: 201, data: {} });
        });
      });
    script.push(gated, gated);
    await ob.enqueue(json(1, 'a'));
    await ob.enqueue(json(1, 'b'));
    const f1 = ob.flush(1);
    expect(ob.flush(1)).toBe(f1); // not started yet: the same flush
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(1); // f1 is waiting for the answer to 'a'
    const f2 = ob.flush(1);
    const f3 = ob.flush(1);
    expect(f2).not.toBe(f1);
    expect(f3).toBe(f2); // calls while one runs share the one queued after it
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(1);
    gates.shift()();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(2);
    gates.shift()();
    const [r1, r2] = await Promise.all([f1, f2]);
    expect(r1.sent).toBe(2);
    expect(r2.sent).toBe(0);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/things/a', '/api/v1/things/b']);
    expect(maxInFlight).toBe(1);
  });

  it('a flush asked for while one runs picks up items enqueued meanwhile', async () => {
    let release;
    const { ob, calls, script } = setup();
    script.push(() => new Promise((r) => (release = () => r({ status: 201, data: {} }))));
    await ob.enqueue(json(1, 'a'));
    const f1 = ob.flush(1);
    await new Promise((r) => setTimeout(r, 10));
    await ob.enqueue(json(1, 'b'));
    const f2 = ob.flush(1);
    release();
    await Promise.all([f1, f2]);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/things/a', '/api/v1/things/b']);
  });
});

describe('onChange and progress', () => {
  it('is called on every state change and reports upload progress', async () => {
    const { ob, script, changes } = setup();
    script.push((req) => {
      req.onProgress({ loaded: 50, total: 100 });
      req.onProgress(0.51); // too small a step to report
      req.onProgress(0.6);
      return { status: 201, data: { id: 1 } };
    });
    script.push('network');
    await ob.enqueue(json(1, 'r', { photos: [jpeg('p')] }));
    await ob.flush(1);
    const types = changes.map((c) => c.type);
    expect(types).toEqual(['enqueue', 'sending', 'progress', 'progress', 'done', 'sending', 'waiting']);
    expect(changes[2].progress).toBe(0.5);
    expect(changes[3].progress).toBe(0.6);
    expect(changes[4]).toMatchObject({ kind: 'photo', data: { id: 1 } });
  });

  it('a throwing onChange does not break the outbox', async () => {
    const { ob, calls } = setup({
      onChange: () => {
        throw new Error('ui bug');
      },
    });
    const orig = console.error;
    console.error = () => {};
    try {
      await ob.enqueue(json(1, 'a'));
      await ob.flush(1);
    } finally {
      console.error = orig;
    }
    expect(calls).toHaveLength(1);
    expect(await ob.count(1)).toBe(0);
  });
});

describe('start() and stop()', () => {
  function manualTimers() {
    const timers = new Map();
    let seq = 0;
    return {
      timers,
      setTimer: (fn, ms) => {
        timers.set(++seq, { fn, ms });
        return seq;
      },
      clearTimer: (id) => timers.delete(id),
      fire() {
        const [[id, t]] = [...timers];
        timers.delete(id);
        t.fn();
      },
    };
  }
  const settle = () => new Promise((r) => setTimeout(r, 20));

  it('flushes at once, when the earliest nextAt comes due, and on "online"', async () => {
    const mt = manualTimers();
    const target = new EventTarget();
    const { ob, calls, script, clock } = setup({ eventTarget: target, setTimer: mt.setTimer, clearTimer: mt.clearTimer });
    await ob.enqueue(json(1, 'a'));
    script.push('network');
    await ob.start(1);
    await settle();
    expect(calls).toHaveLength(1);
    const [w] = await ob.list(1);
    expect(mt.timers.size).toBe(1);
    expect([...mt.timers.values()][0].ms).toBe(w.nextAt - clock.t);

    // The earliest nextAt comes due: sent by the timer.
    script.push('network');
    clock.t = w.nextAt;
    mt.fire();
    await settle();
    expect(calls).toHaveLength(2);
    const [w2] = await ob.list(1);
    expect(w2.attempts).toBe(2);

    // Coming back online sends at once, not waiting for the backoff.
    target.dispatchEvent(new Event('online'));
    await settle();
    expect(calls).toHaveLength(3);
    expect(await ob.count(1)).toBe(0);
    expect(mt.timers.size).toBe(0); // nothing left to wait for

    // enqueue while started sends right away.
    await ob.enqueue(json(1, 'b'));
    await settle();
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/things/a', '/api/v1/things/a', '/api/v1/things/a', '/api/v1/things/b']);

    // A failed item does not keep a timer going.
    script.push(err(400, 'bad_request'));
    await ob.enqueue(json(1, 'c'));
    await settle();
    expect(mt.timers.size).toBe(0);

    // start() flushes what is due at once.
    ob.stop();
    await ob.enqueue(json(1, 'd'));
    ob.start(1);
    await settle();
    expect(calls.at(-1).url).toBe('/api/v1/things/d');
  });

  it('on "online", visibility and start(), everything due is sent at once and the backoff restarts', async () => {
    const mt = manualTimers();
    const target = new EventTarget();
    const doc = new EventTarget();
    doc.visibilityState = 'hidden';
    target.document = doc;
    let onLine = true;
    const { ob, calls, script, clock } = setup({ eventTarget: target, isOnline: () => onLine, setTimer: mt.setTimer, clearTimer: mt.clearTimer });
    // Four failures while online: the backoff has grown to 16 s.
    script.push('network', 'network', 'network', 'network');
    await ob.enqueue(json(1, 'a'));
    await ob.enqueue(json(1, 'b'));
    for (let i = 0; i < 4; i++) {
      const [it] = await ob.list(1);
      clock.t = it.nextAt;
      await ob.flush(1);
    }
    let [a] = await ob.list(1);
    expect(calls).toHaveLength(4);
    expect(a.attempts).toBe(4);
    expect(a.nextAt - clock.t).toBe(16_000);

    // Offline now, the app starts: tried at once, backoff restarted, and the
    // failed attempts made offline do not count.
    onLine = false;
    script.push('network', 'network');
    await ob.start(1);
    [a] = await ob.list(1);
    expect(calls).toHaveLength(5);
    expect(a.attempts).toBe(0);
    expect(a.nextAt - clock.t).toBe(2_000);
    clock.t = a.nextAt;
    await ob.flush(1);
    [a] = await ob.list(1);
    expect(calls).toHaveLength(6);
    expect(a.attempts).toBe(0);
    expect(a.nextAt - clock.t).toBe(2_000);

    // Back online, long before the timer: both items go at once.
    onLine = true;
    clock.t += 500;
    target.dispatchEvent(new Event('online'));
    await settle();
    expect(calls.slice(6).map((c) => c.url)).toEqual(['/api/v1/things/a', '/api/v1/things/b']);
    expect(await ob.count(1)).toBe(0);

    // A failure online, then the app comes to the front: sent at once.
    script.push('network');
    await ob.enqueue(json(1, 'c'));
    await settle();
    [a] = await ob.list(1);
    expect(a.attempts).toBe(1);
    expect(calls).toHaveLength(9);
    doc.dispatchEvent(new Event('visibilitychange')); // still hidden: nothing
    await settle();
    expect(calls).toHaveLength(9);
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    await settle();
    expect(calls).toHaveLength(10);
    expect(calls.at(-1).url).toBe('/api/v1/things/c');
    expect(await ob.count(1)).toBe(0);

    // A failed (refused) item stays failed on "online".
    script.push(err(400, 'bad_request'));
    await ob.enqueue(json(1, 'd'));
    await settle();
    target.dispatchEvent(new Event('online'));
    await settle();
    expect(calls).toHaveLength(11);
    expect((await ob.list(1))[0].state).toBe('failed');
  });

  it('stop() removes the listener and the timer', async () => {
    const mt = manualTimers();
    const target = new EventTarget();
    const { ob, calls, script, clock } = setup({ eventTarget: target, setTimer: mt.setTimer, clearTimer: mt.clearTimer });
    script.push('network');
    await ob.enqueue(json(1, 'a'));
    await ob.start(1);
    await settle();
    expect(mt.timers.size).toBe(1);
    ob.stop();
    expect(mt.timers.size).toBe(0);
    clock.t += BACKOFF_CAP_MS * 2;
    target.dispatchEvent(new Event('online'));
    await settle();
    expect(calls).toHaveLength(1);
    await ob.enqueue(json(1, 'b'));
    await settle();
    expect(calls).toHaveLength(1);
  });
});

describe('what a write is for (ref)', () => {
  it('stores the ref the caller gives and lists it', async () => {
    const { ob, rawItems } = setup();
    const ref = { kind: 'report', orderId: 12, milestoneId: 40 };
    await ob.enqueue({ ...json(1, 'r', { photos: [jpeg('p')] }), url: '/api/v1/milestones/40/reports', ref });
    const [photo, item] = await ob.list(1);
    expect(item.ref).toEqual(ref);
    expect(photo).not.toHaveProperty('ref');
    expect((await rawItems()).find((r) => r.kind === 'json').ref).toEqual(ref);
  });

  it('gives an item stored without a ref (by an older app) one from its URL', async () => {
    const { ob, dbName } = setup();
    await ob.count(1);
    const d = await openDB(dbName);
    const old = { userId: 1, label: 'old', state: 'pending', attempts: 0, nextAt: T0, error: null, createdAt: T0, kind: 'json', key: 'k', photoItemIds: [], photoServerIds: [] };
    await d.add('items', { ...old, method: 'POST', url: '/api/v1/milestones/40/reports', body: { date: '2026-03-01' } });
    await d.add('items', { ...old, method: 'POST', url: '/api/v1/orders/12/samples', body: { type: 'pp' } });
    await d.add('items', { ...old, method: 'POST', url: '/api/v1/orders/12/comments', body: { body: 'hi' } });
    await d.add('items', { ...old, method: 'PATCH', url: '/api/v1/me', body: { name: 'x' } });
    await d.add('items', { ...old, method: 'POST', url: '/api/v1/elsewhere', body: {} });
    d.close();
    expect((await ob.list(1)).map((i) => i.ref)).toEqual([
      { kind: 'report', milestoneId: 40 },
      { kind: 'sample', orderId: 12, type: 'pp' },
      { kind: 'comment', orderId: 12 },
      { kind: 'me' },
      null,
    ]);
  });

  it('derives refs from method and URL in one place', () => {
    expect(refFromRequest('post', '/api/v1/milestones/7/reports')).toEqual({ kind: 'report', milestoneId: 7 });
    expect(refFromRequest('GET', '/api/v1/milestones/7/reports')).toBe(null);
    expect(refFromRequest('POST', '/api/v1/orders/3/samples?x=1', { type: 'fit' })).toEqual({ kind: 'sample', orderId: 3, type: 'fit' });
    expect(refFromRequest('POST', '/api/v1/orders/3/comments/9')).toBe(null);
    expect(refFromRequest('POST', undefined)).toBe(null);
  });

  it('matches a ref by kind and the ids asked for', () => {
    const ref = { kind: 'sample', orderId: 12, type: 'pp' };
    expect(matchesRef(ref, { kind: 'sample', orderId: '12' })).toBe(true); // a route param is a string
    expect(matchesRef(ref, { kind: 'sample', orderId: 12, type: 'pp' })).toBe(true);
    expect(matchesRef(ref, { kind: 'sample', orderId: 12, type: 'fit' })).toBe(false);
    expect(matchesRef(ref, { kind: 'comment', orderId: 12 })).toBe(false);
    expect(matchesRef(ref, { kind: 'sample', orderId: 13 })).toBe(false);
    expect(matchesRef({ kind: 'report', milestoneId: 4 }, { kind: 'report', orderId: 1, milestoneId: 4 })).toBe(false);
    expect(matchesRef(null, { kind: 'me' })).toBe(false);
  });

  it('refuses a ref without a kind', async () => {
    const { ob } = setup();
    await expect(ob.enqueue({ ...json(1, 'x'), ref: { orderId: 1 } })).rejects.toThrow(TypeError);
    await expect(ob.enqueue({ ...json(1, 'x'), ref: 'report' })).rejects.toThrow(TypeError);
    expect(await ob.count(1)).toBe(0);
  });
});
