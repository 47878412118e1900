// The factory's after-sales writes: each names its endpoint, method, body,
// photos and outbox ref (what screens ask the outbox about).
import { describe, it, expect } from 'vitest';
import { writes, afsRef } from './factoryApi.js';
import { matchesRef } from '../../../outbox.js';

const c = { id: 5, order_id: 3 };
const capa = { id: 7, order_id: 3 };
const r = { id: 9, order_id: 3 };

describe('factory after-sales writes', () => {
  it('go to the contract endpoints', () => {
    expect(writes.answer(c, { answer: 'x' }, 'L')).toEqual({ label: 'L', method: 'POST', url: '/api/v1/complaints/5/answer', body: { answer: 'x' }, ref: afsRef('complaint', 5, 'answer', 3), photos: [] });
    const photo = new Blob(['x']);
    const save = writes.saveCAPA(capa, { root_cause: 'a', photo_ids: [1] }, [photo], 'S');
    expect([save.method, save.url, save.photos.length, save.body.photo_ids]).toEqual(['PATCH', '/api/v1/capas/7', 1, [1]]);
    expect([writes.completeCAPA(capa, 'C').method, writes.completeCAPA(capa, 'C').url]).toEqual(['POST', '/api/v1/capas/7/complete']);
    expect(writes.progress(r, { reworked_qty: 20 }, 'P').url).toBe('/api/v1/resolutions/9/progress');
    expect(writes.reinspect(r, { date: '2026-12-04' }, 'R').url).toBe('/api/v1/resolutions/9/reinspect');
    expect(writes.redeliver(r, { warehouse_id: 1 }, 'D').url).toBe('/api/v1/resolutions/9/redeliver');
    expect(writes.acknowledge(r, 'A')).toMatchObject({ method: 'POST', url: '/api/v1/resolutions/9/acknowledge', body: {} });
  });
  it('are found by the screens’ queries', () => {
    const w = writes.saveCAPA(capa, {}, [], 'S');
    expect(matchesRef(w.ref, { kind: 'capa', id: '7' })).toBe(true);
    expect(matchesRef(w.ref, { kind: 'capa', id: 8 })).toBe(false);
    expect(matchesRef(writes.progress(r, {}, 'P').ref, { kind: 'resolution', id: 9 })).toBe(true);
    expect(matchesRef(writes.answer(c, {}, 'L').ref, { kind: 'complaint', id: 5 })).toBe(true);
  });
});
