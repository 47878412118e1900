import { describe, it, expect } from 'vitest';
import { mergeSampleGroups } from './samples.js';

describe('mergeSampleGroups', () => {
  it('appends a page to the groups by type, once per round', () => {
    const first = [{ type: 'fit', rounds: [{ id: 9 }, { id: 8 }] }, { type: 'lab_dip', rounds: [{ id: 7 }] }];
    const page = [{ type: 'lab_dip', rounds: [{ id: 7 }, { id: 5 }] }, { type: 'pp', rounds: [{ id: 4 }] }];
    const got = mergeSampleGroups(first, page);
    expect(got.map((g) => [g.type, g.rounds.map((r) => r.id)])).toEqual([
      ['fit', [9, 8]], ['lab_dip', [7, 5]], ['pp', [4]],
    ]);
    expect(first[1].rounds).toHaveLength(1); // the shown groups are not changed in place
  });
  it('starts from nothing', () => {
    expect(mergeSampleGroups([], [{ type: 'fit', rounds: [{ id: 1 }] }])).toEqual([{ type: 'fit', rounds: [{ id: 1 }] }]);
    expect(mergeSampleGroups([{ type: 'fit', rounds: [] }], undefined)).toEqual([{ type: 'fit', rounds: [] }]);
  });
});
