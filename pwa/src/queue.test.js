// queue.js's usePending: a screen hears when its write leaves the outbox,
// with what the server answered, so it can show that answer at once (a
// later read may come from the phone's cache and be older).
import 'fake-indexeddb/auto';
import { describe, it, expect, vi, afterEach } from 'vitest';
import { effectScope } from 'vue';

const answers = [];
vi.mock('./api.js', () => ({ send: vi.fn(async () => answers.shift()) }));
vi.mock('./session.js', () => ({ session: { user: { id: 7 } }, onSessionChange: () => {} }));

const { queueWrite, submitWrite, usePending, outbox } = await import('./queue.js');

const waitFor = async (ok) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  return ok();
};

function watchPO(poId) {
  const heard = [];
  const scope = effectScope();
  const list = scope.run(() => usePending(() => ({ kind: 'material_po', poId }), (a) => heard.push(a)));
  return { heard, list, stop: () => scope.stop() };
}

const write = (poId) => ({ label: 'confirm', method: 'POST', url: `/api/v1/material-pos/${poId}/confirm`, body: {}, ref: { kind: 'material_po', poId } });

afterEach(async () => {
  for (const it of await outbox.list(7)) await outbox.discard(it.id);
});

describe('usePending', () => {
  it('hands the screen the server answer of the write that went', async () => {
    const w = watchPO(5);
    answers.push({ status: 200, data: { id: 5, po_number: 'MPO-5', status: 'confirmed' } });
    const r = await queueWrite(write(5));
    expect(r.delivered).toBe(true);
    expect(await waitFor(() => w.heard.length > 0)).toBe(true);
    expect(w.heard).toEqual([[{ id: 5, po_number: 'MPO-5', status: 'confirmed' }]]);
    expect(w.list.value).toEqual([]);
    w.stop();
  });

  it('says a refused write left with no answer, and ignores other POs', async () => {
    const w = watchPO(6);
    const other = watchPO(8);
    answers.push({ status: 409, data: { error: { code: 'conflict', message: 'no' } } });
    const r = await submitWrite(write(6));
    expect(r.refused?.code).toBe('conflict');
    expect(await waitFor(() => w.heard.length > 0)).toBe(true);
    expect(w.heard).toEqual([[]]);
    expect(other.heard).toEqual([]);
    w.stop();
    other.stop();
  });
});
