// The booking calendar's arithmetic, no Vue: what state a warehouse day is
// in for the booking being made (free, full, closed, past, too small for its
// cartons or CBM), the weeks of a month-like grid, and the server's list of
// next free days.

/**
 * The state of one day of GET /warehouses/:id/availability for a booking
 * of `need` ({cartons, cbm}, either may be 0): 'past' | 'closed' | 'full'
 * (no booking left) | 'small' (a booking is left, but not these cartons or
 * this CBM) | 'free'. Only 'free' days can be picked.
 */
export function dayState(day, need = {}) {
  if (!day || day.past) return 'past';
  if (day.closed) return 'closed';
  const left = day.left || {};
  if (day.full || !(Number(left.bookings) > 0)) return 'full';
  const cartons = Number(need.cartons) || 0;
  const cbm = Number(need.cbm) || 0;
  if (left.cartons != null && cartons > Number(left.cartons)) return 'small';
  if (left.cbm != null && cbm > Number(left.cbm)) return 'small';
  return 'free';
}

/** Whether a day can be picked for the booking. */
export const pickable = (day, need) => dayState(day, need) === 'free';

const weekday = (iso) => new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10))).getUTCDay();

/**
 * The days as calendar weeks, Monday first: rows of 7 cells, each a day or
 * null (the blanks before the first day and after the last).
 */
export function weeks(days = []) {
  if (!days.length) return [];
  const lead = (weekday(days[0].date) + 6) % 7; // Monday = 0
  const cells = [...Array(lead).fill(null), ...days];
  while (cells.length % 7) cells.push(null);
  const out = [];
  for (let i = 0; i < cells.length; i += 7) out.push(cells.slice(i, i + 7));
  return out;
}

/** "2026-12-11, 2026-12-12" (slot_full's next_free) as a list of dates. */
export function parseDates(list) {
  if (Array.isArray(list)) return list.filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  return String(list || '').split(',').map((s) => s.trim()).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
}

/**
 * The first `n` days after (not on) `date` that are free for the booking,
 * from an availability answer: what to offer when the server named none.
 */
export function freeAfter(days = [], date = '', need = {}, n = 3) {
  return days.filter((d) => d.date > date && pickable(d, need)).slice(0, n).map((d) => d.date);
}

/** The date `n` days after iso (YYYY-MM-DD). */
export function addDays(iso, n) {
  const d = new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10) + n));
  return d.toISOString().slice(0, 10);
}
