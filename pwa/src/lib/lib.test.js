import { describe, it, expect } from 'vitest';
import { today, daysBetween } from './dates.js';
import { localName, pickName } from './names.js';
import { lineChanges, linesTotal } from './lines.js';
import { can } from './actions.js';

describe('dates', () => {
  it('gives today on the phone calendar', () => {
    expect(today(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(today(new Date(2026, 11, 31, 0, 1))).toBe('2026-12-31');
  });

  it('counts days between dates, across months and DST', () => {
    expect(daysBetween('2026-11-28', '2026-12-03')).toBe(5);
    expect(daysBetween('2026-03-28', '2026-04-02')).toBe(5);
    expect(daysBetween('2026-12-03', '2026-11-28')).toBe(-5);
  });
});

describe('names', () => {
  it('shows a two-language name in the UI language, else the other one', () => {
    const m = { name: '车缝', name_en: 'Sewing' };
    expect(localName(m, 'zh-CN')).toBe('车缝');
    expect(localName(m, 'en')).toBe('Sewing');
    expect(localName({ name: '车缝', name_en: '' }, 'en')).toBe('车缝');
    expect(localName({ name: '', name_en: 'Sewing' }, 'zh-CN')).toBe('Sewing');
    expect(localName(null, 'en')).toBe('');
    expect(pickName('', '', 'en', 'pp')).toBe('pp');
  });
});

describe('lines', () => {
  const lines = [
    { colour: 'Navy', size: 'S', quantity: 100 },
    { colour: 'Navy', size: 'M', quantity: 200 },
    { colour: 'Olive', size: 'L', quantity: 70 },
  ];
  it('lists what changed between two line lists', () => {
    const to = [{ ...lines[0], quantity: 120 }, lines[1], { colour: 'Olive', size: 'M', quantity: 10 }];
    expect(lineChanges(lines, to)).toEqual([
      { colour: 'Navy', size: 'S', from: 100, to: 120 },
      { colour: 'Olive', size: 'M', from: null, to: 10 },
      { colour: 'Olive', size: 'L', from: 70, to: null },
    ]);
    expect(linesTotal(lines)).toBe(370);
  });
});

describe('actions', () => {
  it('allows only what the server lists', () => {
    expect(can({ actions: ['edit', 'cancel'] }, 'edit')).toBe(true);
    expect(can({ actions: ['edit'] }, 'confirm')).toBe(false);
    expect(can({ status: 'draft' }, 'confirm')).toBe(false);
    expect(can(null, 'edit')).toBe(false);
  });
});

import { forceable } from './force.js';

describe('forceable', () => {
  const v = (fields) => ({ code: 'validation_failed', fields });
  it('is true only when every problem may be overruled', () => {
    expect(forceable(v({ ex_factory_date: { code: 'date_in_past' } }))).toBe(true);
    expect(forceable(v({ planned_date: { code: 'after_next_step' } }))).toBe(true);
    expect(forceable(v({ ex_factory_date: { code: 'date_in_past' }, po_number: { code: 'required' } }))).toBe(false);
    expect(forceable(v({}))).toBe(false);
    expect(forceable({ code: 'conflict' })).toBe(false);
  });
});
