// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { dayState, pickable, weeks, parseDates, freeAfter, addDays } from './calendar.js';

const day = (date, o = {}) => ({
  date, closed: false, closed_reason: '', past: false, full: false,
  capacity: { bookings: 2, cartons: 100, cbm: null },
  left: { bookings: 2, cartons: 100, cbm: null },
  ...o,
});

describe('dayState', () => {
  it.each([
    ['a day with room', day('2026-12-03'), {}, 'free'],
    ['a past day', day('2026-12-01', { past: true }), {}, 'past'],
    ['a past day that is also closed', day('2026-12-01', { past: true, closed: true }), {}, 'past'],
    ['a weekly day off', day('2026-12-06', { closed: true, closed_reason: 'weekly' }), {}, 'closed'],
    ['a closure', day('2027-02-08', { closed: true, closed_reason: '春节' }), {}, 'closed'],
    ['a full day (server says so)', day('2026-12-03', { full: true }), {}, 'full'],
    ['no booking left', day('2026-12-03', { left: { bookings: 0, cartons: 50, cbm: null } }), {}, 'full'],
    ['cartons beyond what is left', day('2026-12-03', { left: { bookings: 1, cartons: 20, cbm: null } }), { cartons: 21 }, 'small'],
    ['cartons exactly what is left', day('2026-12-03', { left: { bookings: 1, cartons: 20, cbm: null } }), { cartons: 20 }, 'free'],
    ['CBM beyond what is left', day('2026-12-03', { left: { bookings: 1, cartons: 20, cbm: 1.5 } }), { cbm: 1.6 }, 'small'],
    ['no CBM cap', day('2026-12-03'), { cbm: 999 }, 'free'],
    ['nothing at all', undefined, {}, 'past'],
  ])('%s', (_, d, need, want) => {
    expect(dayState(d, need)).toBe(want);
    expect(pickable(d, need)).toBe(want === 'free');
  });
});

describe('weeks', () => {
  it('starts on Monday with blanks and pads the last week', () => {
    // 2026-12-03 is a Thursday.
    const days = ['2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06', '2026-12-07'].map((d) => day(d));
    const w = weeks(days);
    expect(w).toHaveLength(2);
    expect(w[0].slice(0, 3)).toEqual([null, null, null]);
    expect(w[0][3].date).toBe('2026-12-03');
    expect(w[0][6].date).toBe('2026-12-06'); // Sunday ends the week
    expect(w[1][0].date).toBe('2026-12-07');
    expect(w[1].slice(1)).toEqual([null, null, null, null, null, null]);
  });
  it('is empty for no days', () => expect(weeks([])).toEqual([]));
  it('has four full weeks for 28 days from a Monday', () => {
    const days = Array.from({ length: 28 }, (_, i) => day(addDays('2026-12-07', i)));
    expect(weeks(days).map((r) => r.filter(Boolean).length)).toEqual([7, 7, 7, 7]);
  });
});

describe('next free days', () => {
  it('parses the server list', () => {
    expect(parseDates('2026-12-11, 2026-12-12,2026-12-14')).toEqual(['2026-12-11', '2026-12-12', '2026-12-14']);
    expect(parseDates('')).toEqual([]);
    expect(parseDates(undefined)).toEqual([]);
    expect(parseDates(['2026-12-11', 'x'])).toEqual(['2026-12-11']);
  });
  it('finds them in the availability', () => {
    const days = [
      day('2026-12-03', { full: true }), day('2026-12-04'), day('2026-12-05', { closed: true }),
      day('2026-12-06', { left: { bookings: 1, cartons: 5, cbm: null } }), day('2026-12-07'), day('2026-12-08'), day('2026-12-09'),
    ];
    expect(freeAfter(days, '2026-12-03', { cartons: 10 })).toEqual(['2026-12-04', '2026-12-07', '2026-12-08']);
    expect(freeAfter(days, '2026-12-04', {}, 2)).toEqual(['2026-12-06', '2026-12-07']);
  });
  it('adds days across months', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });
});
