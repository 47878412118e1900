// The merchandiser's delivery screens' pure parts: the week and month
// grids, a day's capacity state, the next free days of a refusal, and the
// invoice's exact sums.
import { describe, it, expect } from 'vitest';
import {
  addDays, weekday, weekStart, addMonths, weekDays, monthGrid, viewRange, stepView, byDate,
  dayState, nextFree, toUnits, unitsToString, invoiceLines, invoicePacking, formatMoney, todayIn, deliveryError,
} from './staffKit.js';
import { i18n } from '../../i18n/index.js';

describe('days', () => {
  it('adds days across months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-10-25', 7)).toBe('2026-11-01'); // no daylight-saving drift
  });
  it('counts weekdays as the API does (0 = Sunday)', () => {
    expect(weekday('2026-12-06')).toBe(0);
    expect(weekday('2026-12-07')).toBe(1);
    expect(weekday('2026-12-12')).toBe(6);
  });
  it('starts weeks on Monday', () => {
    expect(weekStart('2026-12-07')).toBe('2026-12-07');
    expect(weekStart('2026-12-06')).toBe('2026-11-30'); // a Sunday belongs to the week before
    expect(weekStart('2026-12-10')).toBe('2026-12-07');
    expect(weekDays('2027-01-01')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
  });
  it('steps months over the year', () => {
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-01');
    expect(addMonths('2026-01-31', -1)).toBe('2025-12-01');
    expect(addMonths('2026-05-10', -17)).toBe('2024-12-01');
    expect(addMonths('2026-05-10', 0)).toBe('2026-05-01');
  });
  it('lays a month out in whole Monday-to-Sunday weeks', () => {
    const dec = monthGrid('2026-12-17');
    expect(dec).toHaveLength(5);
    expect(dec[0][0]).toEqual({ date: '2026-11-30', inMonth: false });
    expect(dec[0][1]).toEqual({ date: '2026-12-01', inMonth: true });
    expect(dec[4][6]).toEqual({ date: '2027-01-03', inMonth: false });
    expect(dec.flat().filter((c) => c.inMonth)).toHaveLength(31);
    for (const row of dec) expect(weekday(row[0].date)).toBe(1);
    // February 2027 starts on a Monday and has exactly four weeks.
    expect(monthGrid('2027-02-10')).toHaveLength(4);
    // A month over six weeks: August 2027 starts on a Sunday.
    expect(monthGrid('2027-08-01')).toHaveLength(6);
  });
  it('gives each view its range and steps', () => {
    expect(viewRange('week', '2026-12-10')).toEqual({ from: '2026-12-07', to: '2026-12-13' });
    expect(viewRange('month', '2026-12-10')).toEqual({ from: '2026-11-30', to: '2027-01-03' });
    expect(stepView('week', '2026-12-10', 1)).toBe('2026-12-14');
    expect(stepView('week', '2026-12-10', -1)).toBe('2026-11-30');
    expect(stepView('month', '2026-12-10', 1)).toBe('2027-01-01');
  });
  it('groups deliveries by date, by id within a day', () => {
    expect(byDate([{ id: 3, date: 'b' }, { id: 1, date: 'a' }, { id: 2, date: 'b' }])).toEqual({ a: [{ id: 1, date: 'a' }], b: [{ id: 2, date: 'b' }, { id: 3, date: 'b' }] });
    expect(byDate(null)).toEqual({});
  });
  it('knows today in a time zone', () => {
    const at = new Date('2026-12-02T17:00:00Z');
    expect(todayIn('Asia/Shanghai', at)).toBe('2026-12-03');
    expect(todayIn('Europe/London', at)).toBe('2026-12-02');
    expect(todayIn('Not/AZone', at)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

describe('a day’s capacity', () => {
  const day = (over) => ({
    date: '2026-12-10', closed: false, past: false, full: false,
    capacity: { bookings: 10, cartons: 800, cbm: null }, left: { bookings: 7, cartons: 680, cbm: null }, ...over,
  });
  it.each([
    ['no entry', undefined, 'unknown'],
    ['closed', day({ closed: true, closed_reason: 'weekly' }), 'closed'],
    ['closed wins over full', day({ closed: true, full: true }), 'closed'],
    ['past', day({ past: true }), 'past'],
    ['the server says full', day({ full: true }), 'full'],
    ['no booking left', day({ left: { bookings: 0, cartons: 680, cbm: null } }), 'full'],
    ['no carton left', day({ left: { bookings: 3, cartons: 0, cbm: null } }), 'full'],
    ['over capacity after lowering it', day({ left: { bookings: -2, cartons: 10, cbm: null } }), 'full'],
    ['no CBM left', day({ capacity: { bookings: 10, cartons: 800, cbm: 60 }, left: { bookings: 5, cartons: 500, cbm: 0 } }), 'full'],
    ['two bookings of ten left', day({ left: { bookings: 2, cartons: 680, cbm: null } }), 'tight'],
    ['few cartons left', day({ left: { bookings: 7, cartons: 100, cbm: null } }), 'tight'],
    ['little CBM left', day({ capacity: { bookings: 10, cartons: 800, cbm: 60 }, left: { bookings: 7, cartons: 680, cbm: 6 } }), 'tight'],
    ['room', day(), 'open'],
    ['three of ten left', day({ left: { bookings: 3, cartons: 680, cbm: null } }), 'open'],
  ])('%s', (_, d, state) => {
    expect(dayState(d)).toBe(state);
  });
});

describe('next free days of slot_full', () => {
  it('reads the list in its forms', () => {
    expect(nextFree({ params: { next_free: '2026-12-11, 2026-12-12, 2026-12-14' } })).toEqual(['2026-12-11', '2026-12-12', '2026-12-14']);
    expect(nextFree({ params: { next_free: ['2026-12-11'] } })).toEqual(['2026-12-11']);
    expect(nextFree({ params: { next_free: '' } })).toEqual([]);
    expect(nextFree({})).toEqual([]);
  });
  it('says them in the refusal', () => {
    i18n.global.locale.value = 'en';
    try {
      const text = deliveryError({ code: 'slot_full', status: 409, params: { date: '2026-12-10', next_free: '2026-12-11, 2026-12-14' } });
      expect(text).toMatch(/fully booked/);
      expect(text).toMatch(/Dec 11/);
      expect(text).toMatch(/Dec 14/);
    } finally {
      i18n.global.locale.value = 'zh-CN';
    }
  });
});

describe('exact money', () => {
  it.each([
    ['12.5', 125000n], ['12.50', 125000n], ['0.0001', 1n], ['1,234.56', 12345600n], ['-3', -30000n], ['7', 70000n],
    ['0.00005', 1n], ['0.00004', 0n], ['.5', 5000n],
  ])('reads %s', (s, u) => {
    expect(toUnits(s)).toBe(u);
  });
  it.each([[''], [null], [undefined], ['abc'], ['1.2.3'], ['-']])('refuses %s', (s) => {
    expect(toUnits(s)).toBeNull();
  });
  it('writes units rounded half away from zero', () => {
    expect(unitsToString(125000n)).toBe('12.50');
    expect(unitsToString(125050n)).toBe('12.51');
    expect(unitsToString(125049n)).toBe('12.50');
    expect(unitsToString(-125050n)).toBe('-12.51');
    expect(unitsToString(1n, 4)).toBe('0.0001');
    expect(unitsToString(0n)).toBe('0.00');
  });
});

describe('invoice', () => {
  const booked = {
    lines: [{ colour: 'Navy', size: 'M', quantity: 100 }, { colour: 'Navy', size: 'L', quantity: 0 }, { colour: 'Black', size: 'M', quantity: 33 }],
    shipment: null, cartons: 12, net_kg: 110, gross_kg: 120.5, cbm: 1.25,
    packing: { cartons: [], totals: { cartons: 0, pieces: 0, net_kg: 0, gross_kg: 0, cbm: 0 } },
  };
  it('prices the booked lines before shipping, exactly', () => {
    const inv = invoiceLines(booked, '3.33');
    expect(inv.shipped).toBe(false);
    expect(inv.rows).toEqual([
      { colour: 'Navy', size: 'M', quantity: 100, amount: '333.00' },
      { colour: 'Black', size: 'M', quantity: 33, amount: '109.89' },
    ]);
    expect(inv.quantity).toBe(133);
    expect(inv.price).toBe('3.33');
    expect(inv.total).toBe('442.89');
  });
  it('prices the shipped lines once shipped', () => {
    const shipped = { ...booked, shipment: { date: '2026-12-10', lines: [{ colour: 'Navy', size: 'M', quantity: 98 }], quantity: 98 } };
    const inv = invoiceLines(shipped, '0.1');
    expect(inv.shipped).toBe(true);
    expect(inv.rows).toEqual([{ colour: 'Navy', size: 'M', quantity: 98, amount: '9.80' }]);
    expect(inv.total).toBe('9.80');
    expect(inv.price).toBe('0.10');
  });
  it('avoids floating-point sums', () => {
    // 0.1 + 0.2 as floats is 0.30000000000000004.
    const inv = invoiceLines({ lines: [{ colour: 'A', size: 'S', quantity: 1 }, { colour: 'B', size: 'S', quantity: 2 }] }, '0.1');
    expect(inv.total).toBe('0.30');
    const big = invoiceLines({ lines: [{ colour: 'A', size: 'S', quantity: 1_000_000 }] }, '12.3456');
    expect(big.total).toBe('12345600.00');
    expect(big.price).toBe('12.3456');
  });
  it('has no amounts without a price', () => {
    const inv = invoiceLines(booked, '');
    expect(inv.price).toBeNull();
    expect(inv.total).toBeNull();
    expect(inv.rows[0].amount).toBeNull();
    expect(inv.quantity).toBe(133);
  });
  it('takes cartons and weights from the packing list when there is one', () => {
    expect(invoicePacking(booked)).toEqual({ cartons: 12, net_kg: 110, gross_kg: 120.5, cbm: 1.25, fromPacking: false });
    const packed = { ...booked, packing: { totals: { cartons: 10, pieces: 133, net_kg: 100, gross_kg: 111.2, cbm: 0.96 } } };
    expect(invoicePacking(packed)).toEqual({ cartons: 10, net_kg: 100, gross_kg: 111.2, cbm: 0.96, fromPacking: true });
  });
  it('formats money with its currency, or with the bare code', () => {
    expect(formatMoney('442.89', 'USD', 'en')).toBe('$442.89');
    expect(formatMoney('1234.5', 'EUR', 'en')).toMatch(/€1,234\.5/);
    expect(formatMoney('12.00', 'XX', 'en')).toBe('XX 12.00');
    expect(formatMoney('12.00', '', 'en')).toBe('12.00');
    expect(formatMoney(null, 'USD', 'en')).toBe('');
  });
});

describe('delivery refusals', () => {
  it('say the new codes with their params in the UI’s words', () => {
    i18n.global.locale.value = 'en';
    try {
      expect(deliveryError({ code: 'validation_failed', fields: { date: { code: 'warehouse_closed', params: { date: '2026-12-13', reason: 'weekly' } } } }))
        .toMatch(/closed on Sun, Dec 13 \(weekly day off\)/);
      expect(deliveryError({ code: 'validation_failed', fields: { date: { code: 'warehouse_closed', params: { date: '2027-02-08', reason: '春节' } } } }))
        .toMatch(/\(春节\)/);
      expect(deliveryError({ code: 'delivery_not_open', params: { status: 'shipped' } })).toBe('A delivery in status “Shipped” cannot change.');
      expect(deliveryError({ code: 'validation_failed', fields: { lines: { code: 'over_tolerance', params: { max: 1030, used: 1000, requested: 50 } } } }))
        .toBe('Over the tolerance: at most 1,030, 1,000 booked, 50 requested.');
    } finally {
      i18n.global.locale.value = 'zh-CN';
    }
  });
});
