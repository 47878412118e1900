import { describe, it, expect } from 'vitest';
import { outboxRows } from './outbox-rows.js';

const photo = (id, i, n, extra = {}) => ({ id, kind: 'photo', state: 'pending', photoIndex: i, photoCount: n, ...extra });
const json = (id, photoItemIds, extra = {}) => ({ id, kind: 'json', state: 'pending', label: 'report', photoItemIds, ...extra });

describe('outboxRows', () => {
  it('folds a report\'s photos into its row', () => {
    const rows = outboxRows([photo(1, 1, 2), photo(2, 2, 2), json(3, [1, 2]), json(4, [])]);
    expect(rows.map((r) => r.id)).toEqual([3, 4]);
    expect(rows[0].photoCount).toBe(2);
  });

  it('shows the upload of the photo on the wire as the row\'s progress', () => {
    // Photo 1 of 2 is sent (gone); photo 2 is half way: 75 % of the row.
    const rows = outboxRows([photo(2, 2, 2, { sending: true, progress: 0.5 }), json(3, [1, 2])]);
    expect(rows).toHaveLength(1);
    expect(rows[0].state).toBe('sending');
    expect(rows[0].progress).toBeCloseTo(0.75);
  });

  it('takes a refused photo\'s state and error', () => {
    const err = { status: 415, code: 'unsupported_media_type' };
    const [row] = outboxRows([photo(1, 1, 1, { state: 'failed', error: err }), json(2, [1])]);
    expect(row.state).toBe('failed');
    expect(row.error).toBe(err);
  });

  it('keeps a photo whose change is gone', () => {
    expect(outboxRows([photo(9, 1, 1)]).map((r) => r.id)).toEqual([9]);
  });
});
