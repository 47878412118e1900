// What the merchandiser's delivery screens share: calendar arithmetic on
// YYYY-MM-DD days (weeks start on Monday, as Chinese calendars do), the
// state of a warehouse day from its availability, the commercial invoice's
// sums in exact decimals, and the delivery statuses with their tag colours.
// What a user may do with a delivery is what the server lists in its
// `actions` (lib/actions.js); nothing here works it out from a status.
import { errorText, fieldText, params as errorParams } from '../../lib/errors.js';
import { i18n } from '../../i18n/index.js';
import './staffMessages.js';

export const STATUSES = ['requested', 'confirmed', 'shipped', 'received', 'rejected', 'cancelled'];
const TAG = { requested: 'warning', confirmed: 'primary', shipped: 'success', received: 'success', rejected: 'danger', cancelled: 'default' };
export const statusTag = (s) => TAG[s] || 'default';

// ---- days -------------------------------------------------------------------

const pad = (n) => String(n).padStart(2, '0');
const toUTC = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const fromUTC = (ms) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

/** The day n days after iso (before, for a negative n). */
export const addDays = (iso, n) => fromUTC(toUTC(iso) + n * 86_400_000);

/** 0 = Sunday … 6 = Saturday, as the API's closed_weekdays. */
export const weekday = (iso) => new Date(toUTC(iso)).getUTCDay();

/** The Monday of iso's week. */
export const weekStart = (iso) => addDays(iso, -((weekday(iso) + 6) % 7));

/** The first day of iso's month. */
export const monthStart = (iso) => iso.slice(0, 8) + '01';

/** The first day of the month n months after iso's. */
export function addMonths(iso, n) {
  const y = +iso.slice(0, 4);
  const m = +iso.slice(5, 7) - 1 + n;
  return `${y + Math.floor(m / 12)}-${pad((((m % 12) + 12) % 12) + 1)}-01`;
}

/** The seven days of the week holding iso, Monday first. */
export function weekDays(iso) {
  const start = weekStart(iso);
  return Array.from({ length: 7 }, (_, i) => addDays(start, i));
}

/**
 * The month holding iso as whole weeks (Monday to Sunday): rows of seven
 * {date, inMonth}. Four to six rows.
 */
export function monthGrid(iso) {
  const first = monthStart(iso);
  const month = first.slice(0, 7);
  const last = addDays(addMonths(first, 1), -1);
  const rows = [];
  for (let d = weekStart(first); d <= last; d = addDays(d, 7)) {
    rows.push(Array.from({ length: 7 }, (_, i) => {
      const date = addDays(d, i);
      return { date, inMonth: date.slice(0, 7) === month };
    }));
  }
  return rows;
}

/** The days a view shows: {from, to} for a week or a month (the whole weeks). */
export function viewRange(view, iso) {
  if (view === 'month') {
    const rows = monthGrid(iso);
    return { from: rows[0][0].date, to: rows[rows.length - 1][6].date };
  }
  const days = weekDays(iso);
  return { from: days[0], to: days[6] };
}

/** The day the previous (step −1) or next (+1) period starts from. */
export const stepView = (view, iso, step) => (view === 'month' ? addMonths(iso, step) : addDays(weekStart(iso), 7 * step));

/** Deliveries grouped by their date: {date: [delivery…]}, each day by id. */
export function byDate(deliveries) {
  const out = {};
  for (const d of deliveries || []) (out[d.date] ||= []).push(d);
  for (const list of Object.values(out)) list.sort((a, b) => a.id - b.id);
  return out;
}

// ---- day capacity -------------------------------------------------------------

/**
 * A warehouse day's state from its availability entry: 'closed' (weekly
 * day off or a closure), 'past', 'full' (no booking or no carton left, or
 * the server says full), 'tight' (a fifth or less of the bookings or
 * cartons left), 'open', or 'unknown' when there is no entry.
 */
export function dayState(day) {
  if (!day) return 'unknown';
  if (day.closed) return 'closed';
  if (day.past) return 'past';
  const cap = day.capacity || {};
  const left = day.left || {};
  if (day.full || left.bookings <= 0 || left.cartons <= 0 || (left.cbm != null && left.cbm <= 0)) return 'full';
  const low = (l, c) => c > 0 && l != null && l / c <= 0.2;
  if (low(left.bookings, cap.bookings) || low(left.cartons, cap.cartons) || (cap.cbm ? low(left.cbm, cap.cbm) : false)) return 'tight';
  return 'open';
}

/** Availability days by date. */
export const daysByDate = (availability) => Object.fromEntries((availability?.days || []).map((d) => [d.date, d]));

/** The next free days a slot_full refusal lists ("2026-12-11, 2026-12-12"), as dates. */
export function nextFree(err) {
  const v = err?.params?.next_free;
  const list = Array.isArray(v) ? v : String(v || '').split(/[,\s]+/);
  return list.map((s) => String(s).trim()).filter((s) => /^\d{4}-\d{2}-\d{2}$/.test(s));
}

// ---- exact money ---------------------------------------------------------------

const SCALE = 10_000n; // four decimals: prices are sent as decimal strings

/** A decimal string ("12.5", "-3", "1,234.56") as an integer of 1/10 000; null when it is no number. */
export function toUnits(value) {
  if (value === null || value === undefined || value === '') return null;
  const s = String(value).replace(/[,\s]/g, '');
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (!m[2] && !m[3])) return null;
  const frac = (m[3] || '').padEnd(4, '0');
  // Round half up at the fifth decimal.
  let units = BigInt(m[2] || '0') * SCALE + BigInt(frac.slice(0, 4)) + (frac.length > 4 && +frac[4] >= 5 ? 1n : 0n);
  return m[1] ? -units : units;
}

/** Units as a decimal string with `decimals` places (half away from zero). */
export function unitsToString(units, decimals = 2) {
  const neg = units < 0n;
  let u = neg ? -units : units;
  const drop = 10n ** BigInt(4 - decimals);
  u = (u + drop / 2n) / drop;
  const base = 10n ** BigInt(decimals);
  const whole = (u / base).toString();
  const frac = decimals ? '.' + (u % base).toString().padStart(decimals, '0') : '';
  return (neg && u !== 0n ? '-' : '') + whole + frac;
}

/**
 * The invoice of a delivery: a row per colour/size line with its quantity
 * and amount at the order's unit price, and the totals. The lines are the
 * shipped ones once shipped, else the booked ones. Amounts are exact
 * (integer arithmetic on the decimal price); `amount` strings have two
 * decimals. price null when the order has no price.
 */
export function invoiceLines(delivery, unitPrice) {
  const shipped = !!delivery?.shipment;
  const source = (shipped ? delivery.shipment.lines : delivery?.lines) || [];
  const price = toUnits(unitPrice);
  let quantity = 0;
  let total = 0n;
  const rows = source.filter((l) => Number(l.quantity) > 0).map((l) => {
    const q = Math.trunc(Number(l.quantity));
    quantity += q;
    const amount = price === null ? null : price * BigInt(q);
    if (amount !== null) total += amount;
    return { colour: l.colour, size: l.size, quantity: q, amount: amount === null ? null : unitsToString(amount) };
  });
  return {
    shipped,
    rows,
    quantity,
    price: price === null ? null : unitsToString(price, priceDecimals(unitPrice)),
    total: price === null ? null : unitsToString(total),
  };
}

// A price keeps the decimals it was given (at least two, at most four).
function priceDecimals(v) {
  const m = /\.(\d+)/.exec(String(v ?? ''));
  return Math.min(4, Math.max(2, m ? m[1].replace(/0+$/, '').length : 0));
}

/** Cartons, weights and volume for the invoice: the packing list's totals when it has cartons, else the booking's. */
export function invoicePacking(delivery) {
  const p = delivery?.packing?.totals;
  if (p && p.cartons > 0) return { cartons: p.cartons, net_kg: p.net_kg, gross_kg: p.gross_kg, cbm: p.cbm, fromPacking: true };
  return { cartons: delivery?.cartons ?? null, net_kg: delivery?.net_kg ?? null, gross_kg: delivery?.gross_kg ?? null, cbm: delivery?.cbm ?? null, fromPacking: false };
}

/** An amount with its currency in a locale; the bare number and code when the code is not a currency Intl knows. */
export function formatMoney(amount, currency, locale) {
  if (amount === null || amount === undefined) return '';
  const decimals = (String(amount).split('.')[1] || '').length;
  try {
    if (currency) return new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(Number(amount));
  } catch {
    // not an ISO 4217 code: below
  }
  const n = new Intl.NumberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(Number(amount));
  return currency ? `${currency} ${n}` : n;
}

// ---- errors -------------------------------------------------------------------

// Params of the delivery codes that are dates or API words, in the UI's words.
function deliveryParams(code, raw) {
  const t = i18n.global;
  const p = errorParams(code, raw);
  for (const k of ['date', 'from', 'shipped']) if (/^\d{4}-\d{2}-\d{2}$/.test(String(raw?.[k] ?? ''))) p[k] = shortDate(raw[k]);
  if (code === 'delivery_not_open' && raw?.status && t.te(`dstaff.status.${raw.status}`)) p.status = t.t(`dstaff.status.${raw.status}`);
  if (code === 'warehouse_closed' && (raw?.reason === 'weekly' || !raw?.reason)) p.reason = t.t('dstaff.cal.weekly');
  if (code === 'slot_full') p.next_free = nextFree({ params: raw }).map(shortDate).join(t.t('errors.sep'));
  return p;
}

/** A failure in the user's language, the delivery screens' wording first. */
export function deliveryError(e) {
  const code = e?.code;
  const t = i18n.global;
  if (code && t.te(`dstaff.errors.${code}`)) return t.t(`dstaff.errors.${code}`, deliveryParams(code, e.params));
  if (code === 'validation_failed') {
    const fields = Object.values(e.fields || {});
    if (fields.length === 1) return deliveryFieldText(fields[0]);
  }
  return errorText(e);
}

/** One field problem, the delivery screens' wording first (the codes new with deliveries). */
export function deliveryFieldText(fe) {
  const code = fe?.code;
  const t = i18n.global;
  if (code && t.te(`dstaff.fieldErrors.${code}`)) return t.t(`dstaff.fieldErrors.${code}`, deliveryParams(code, fe.params));
  return fieldText(fe);
}

function shortDate(iso) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(String(iso))) return String(iso);
  return new Intl.DateTimeFormat(i18n.global.locale.value, { month: 'short', day: 'numeric', weekday: 'short' }).format(new Date(iso + 'T00:00:00'));
}
export { shortDate };

/** Today (YYYY-MM-DD) on a time zone's calendar; the device's when the zone is unknown. */
export function todayIn(timeZone, now = new Date()) {
  try {
    if (timeZone) return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    // an unknown zone: the device's calendar
  }
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
