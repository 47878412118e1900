// @vitest-environment node
import 'fake-indexeddb/auto';
import { describe, it, expect } from 'vitest';
import { createDrafts } from './drafts.js';

describe('drafts', () => {
  it('keeps a draft with its photos across a reopen, and forgets it on remove', async () => {
    const a = createDrafts('drafts-test-1');
    expect(await a.get('inspection:1:7')).toBe(null);
    await a.put('inspection:1:7', { lot_size: 1200, defects: [{ code: 'stain', count: 2, photos: [new Blob(['x'], { type: 'image/jpeg' })] }] });
    await a.close();
    const b = createDrafts('drafts-test-1');
    const d = await b.get('inspection:1:7');
    expect(d.lot_size).toBe(1200);
    expect(d.defects[0].count).toBe(2);
    expect(await d.defects[0].photos[0].text()).toBe('x');
    expect(typeof d.savedAt).toBe('number');
    await b.remove('inspection:1:7');
    expect(await b.get('inspection:1:7')).toBe(null);
    await b.close();
  });
});
