// After-sales as data (pure functions, tested in model.test.js): a form
// becomes the body the contract names (api.js BODY), the resolution
// wizard's fields and checks per path, decimal money compared without
// floating point, the receivables' order. Money stays a decimal string.
import { BODY, COST_BEARERS } from './api.js';

const blank = (v) => v === undefined || v === null || String(v).trim() === '';
const int = (v) => (blank(v) ? null : Number.isInteger(Number(v)) ? Number(v) : NaN);

/** The list filters of /complaints kept in the URL. */
export const COMPLAINT_FILTERS = ['status', 'order_id', 'supplier_id'];

/** A query of the filters set (and a cursor). */
export function listQuery(filters, names, extra = {}) {
  const q = {};
  for (const k of names) if (!blank(filters[k])) q[k] = String(filters[k]).trim();
  for (const [k, v] of Object.entries(extra)) if (!blank(v)) q[k] = v;
  return q;
}

// ---- decimals ----
const DEC = /^\s*(-)?(\d+)(?:\.(\d+))?\s*$/;
/** Whether s is a decimal string ("12", "12.5", "12345.60"). */
export const isDecimal = (s) => typeof s === 'string' ? DEC.test(s) : typeof s === 'number' && Number.isFinite(s);

/** A decimal string as a BigInt of 10^-scale units (null when not a decimal). */
export function toUnits(s, scale = 4) {
  const m = DEC.exec(String(s ?? ''));
  if (!m) return null;
  const frac = (m[3] || '').padEnd(scale, '0').slice(0, scale);
  const v = BigInt(m[2] + frac);
  return m[1] ? -v : v;
}

/** -1, 0 or 1 for two decimal strings (null when either is not one). */
export function compareDecimal(a, b) {
  const x = toUnits(a);
  const y = toUnits(b);
  if (x === null || y === null) return null;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A decimal string with two places, rounded half up ("1250" → "1250.00"). */
export function money2(s) {
  const u = toUnits(s, 3);
  if (u === null) return '';
  const neg = u < 0n;
  let a = neg ? -u : u;
  a = (a + 5n) / 10n; // hundredths, half up
  const whole = a / 100n;
  const cents = String(a % 100n).padStart(2, '0');
  return (neg && a !== 0n ? '-' : '') + whole + '.' + cents;
}

/** pct % of value (decimal strings) with two places: the discount a percentage means. */
export function pctOf(value, pct) {
  const v = toUnits(value, 4);
  const p = toUnits(pct, 4);
  if (v === null || p === null) return '';
  // v·p is in 10^-8 units; ÷100 for the percent and ÷10^5 to thousandths, then round.
  const thousandths = (v * p) / 10000000n;
  const neg = thousandths < 0n;
  const abs = neg ? -thousandths : thousandths;
  return money2((neg ? '-' : '') + (abs / 1000n) + '.' + String(abs % 1000n).padStart(3, '0'));
}

/** A decimal amount in the locale with its currency ("¥12,345.60", "USD 12,345.60"); the string as sent when not a decimal. */
export function formatMoney(amount, currency, locale) {
  if (blank(amount)) return '';
  const s = money2(amount);
  if (!s) return String(amount);
  const [w, c] = s.replace('-', '').split('.');
  const whole = new Intl.NumberFormat(locale, { useGrouping: true }).format(BigInt(w));
  const text = (s.startsWith('-') ? '-' : '') + whole + '.' + c;
  return currency ? `${currency} ${text}` : text;
}

// ---- complaints ----
/** An empty complaint form (today's date as received). */
export function emptyComplaint(today) {
  return { received_date: today, channel: 'email', description: '', delivery_id: '', lines: [], affected_qty: '', severity: 'major',
    customer_request: 'replace', customer_contact: '', photo_ids: [] };
}

/** The lines with a quantity, as the API wants them. */
export function complaintLines(lines) {
  return (lines || []).filter((l) => !blank(l.quantity) && Number(l.quantity) > 0)
    .map((l) => ({ colour: String(l.colour || ''), size: String(l.size || ''), quantity: Number(l.quantity) }));
}

/** The body of POST /orders/:id/complaints from the form (only BODY.complaint keys; optional ones left out when blank). */
export function complaintBody(form) {
  const body = {};
  for (const k of BODY.complaint) {
    const v = form[k];
    if (k === 'lines') {
      const lines = complaintLines(v);
      if (lines.length) body.lines = lines;
    } else if (k === 'photo_ids') body.photo_ids = [...(v || [])];
    else if (k === 'affected_qty') body.affected_qty = int(v);
    else if (k === 'delivery_id') { if (!blank(v)) body.delivery_id = Number(v); }
    else if (k === 'customer_contact') { if (!blank(v)) body.customer_contact = String(v).trim(); }
    else body[k] = typeof v === 'string' ? v.trim() : v;
  }
  return body;
}

/** The form's own checks ({field: code}): required, affected quantity 1..shipped, the lines' sum not above it. */
export function checkComplaint(form, shipped) {
  const bad = {};
  for (const k of ['received_date', 'description', 'channel', 'severity', 'customer_request']) if (blank(form[k])) bad[k] = 'required';
  const q = int(form.affected_qty);
  if (q === null) bad.affected_qty = 'required';
  else if (!(q >= 1)) bad.affected_qty = 'positive';
  else if (Number.isFinite(shipped) && q > shipped) bad.affected_qty = 'overShipped';
  const sum = complaintLines(form.lines).reduce((s, l) => s + l.quantity, 0);
  if (!bad.affected_qty && sum > 0 && q !== null && sum > q) bad.lines = 'linesOver';
  return bad;
}

/** A complaint's age in days: the server's age_days, else from received_date to today (YYYY-MM-DD). */
export function complaintAge(c, today) {
  if (Number.isFinite(c?.age_days)) return c.age_days;
  if (!c?.received_date || !today) return null;
  const d = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
  return Math.max(0, Math.round((d(today) - d(c.received_date)) / 86400000));
}

/** The tag type of a complaint, CAPA or resolution status. */
export function statusTagOf(status) {
  return { open: 'warning', investigating: 'primary', resolution_agreed: 'primary', closed: 'success', done: 'primary', verified: 'success', cancelled: 'default' }[status] || 'default';
}

// ---- resolutions ----
/** The pieces the shipped quantity leaves for more resolutions (open and done ones count). */
export function resolvableQty(shipped, resolutions) {
  const used = (resolutions || []).filter((r) => r.status === 'open' || r.status === 'done').reduce((s, r) => s + (Number(r.quantity) || 0), 0);
  return { shipped: Number(shipped) || 0, resolved: used, left: Math.max(0, (Number(shipped) || 0) - used) };
}

/** Which fields the wizard shows for a path. */
export function resolutionFields(kind, costBearer) {
  const f = ['kind', 'quantity', 'cost_bearer', 'note', 'due_date'];
  if (kind === 'discount') f.push('discount_mode', 'discount_amount', 'discount_pct');
  if (kind === 'return') f.push('then_kind');
  if (kind === 'discount' || costBearer === 'factory' || costBearer === 'shared') f.push('chargeback_amount', 'chargeback_over_discount');
  return f;
}

/** An empty resolution form. */
export function emptyResolution(kind = 'rework') {
  return { kind, quantity: '', cost_bearer: 'factory', note: '', due_date: '', discount_mode: 'amount', discount_amount: '', discount_pct: '',
    chargeback_amount: '', chargeback_over_discount: false, then_kind: 'rework' };
}

/** The discount a form means, as an amount (pct × order value when by percentage); '' when none. */
export function discountValue(form, orderValue) {
  if (form.kind !== 'discount') return '';
  if (form.discount_mode === 'pct') return blank(form.discount_pct) || blank(orderValue) ? '' : pctOf(String(orderValue), String(form.discount_pct).trim());
  return blank(form.discount_amount) ? '' : money2(String(form.discount_amount).trim());
}

/** The order's value: unit_price × total quantity (decimal string), '' when unknown. */
export function orderValue(order) {
  if (!order || blank(order.unit_price)) return '';
  const qty = Number(order.total_quantity ?? (order.lines || []).reduce((s, l) => s + (Number(l.quantity) || 0), 0));
  const u = toUnits(String(order.unit_price), 4);
  if (u === null || !Number.isFinite(qty)) return '';
  const total = u * BigInt(Math.round(qty));
  const neg = total < 0n;
  const a = neg ? -total : total;
  return money2((neg ? '-' : '') + (a / 10000n) + '.' + String(a % 10000n).padStart(4, '0'));
}

/**
 * The wizard's own checks ({field: code}) — the server has the last word
 * (422 over_resolved, chargeback_over_discount): quantity 1..left, a
 * discount by amount or %, a chargeback not above the discount unless allowed.
 */
export function checkResolution(form, { left, orderValue: value = '' } = {}) {
  const bad = {};
  const fields = resolutionFields(form.kind, form.cost_bearer);
  const q = int(form.quantity);
  if (q === null) bad.quantity = 'required';
  else if (!(q >= 1)) bad.quantity = 'positive';
  else if (Number.isFinite(left) && q > left) bad.quantity = 'overShipped';
  if (!COST_BEARERS.includes(form.cost_bearer)) bad.cost_bearer = 'required';
  if (form.kind === 'discount') {
    const key = form.discount_mode === 'pct' ? 'discount_pct' : 'discount_amount';
    const v = form[key];
    if (blank(v)) bad[key] = 'required';
    else if (!isDecimal(String(v)) || compareDecimal(String(v), '0') <= 0) bad[key] = 'decimal';
    else if (key === 'discount_pct' && compareDecimal(String(v), '100') > 0) bad[key] = 'pctMax';
  }
  if (fields.includes('chargeback_amount') && !blank(form.chargeback_amount)) {
    const cb = String(form.chargeback_amount).trim();
    if (!isDecimal(cb) || compareDecimal(cb, '0') < 0) bad.chargeback_amount = 'decimal';
    else if (!form.chargeback_over_discount && form.kind === 'discount') {
      const d = discountValue(form, value);
      if (d && compareDecimal(cb, d) > 0) bad.chargeback_amount = 'overDiscount';
    }
  }
  if (form.kind === 'return' && blank(form.then_kind)) bad.then_kind = 'required';
  return bad;
}

/** The body of POST /complaints/:id/resolutions for the form's path (only the fields it shows; money as strings). */
export function resolutionBody(form) {
  const fields = resolutionFields(form.kind, form.cost_bearer);
  const body = { kind: form.kind, quantity: int(form.quantity), cost_bearer: form.cost_bearer, note: String(form.note || '').trim() };
  if (!blank(form.due_date)) body.due_date = form.due_date;
  if (form.kind === 'discount') {
    if (form.discount_mode === 'pct') body.discount_pct = String(form.discount_pct).trim();
    else body.discount_amount = String(form.discount_amount).trim();
  }
  if (fields.includes('chargeback_amount') && !blank(form.chargeback_amount)) {
    body.chargeback_amount = String(form.chargeback_amount).trim();
    body.chargeback_over_discount = !!form.chargeback_over_discount;
  }
  if (form.kind === 'return') body.then_kind = form.then_kind;
  for (const k of Object.keys(body)) if (!BODY.resolution.includes(k)) delete body[k];
  return body;
}

/** The buttons a resolution gets (the server lists them in `actions`), in the path's order. */
const RES_ORDER = ['progress', 'reinspect', 'redeliver', 'acknowledge', 'complete', 'cancel'];
export const resolutionButtons = (r) => RES_ORDER.filter((a) => Array.isArray(r?.actions) && r.actions.includes(a));

/** The progress step a return's `progress` records next: shipped back, then received; null when both are in. */
export function returnStep(r) {
  if (!r?.return_shipped_date) return 'return_shipped_date';
  if (!r?.return_received_date) return 'return_received_date';
  return null;
}

// ---- finance ----
/** The receivables in the order the screen shows: overdue first, most days overdue first, then the largest balance. */
export function sortReceivables(items) {
  return [...(items || [])].sort((a, b) => (b.overdue === true) - (a.overdue === true)
    || (Number(b.days_overdue) || 0) - (Number(a.days_overdue) || 0)
    || (compareDecimal(String(b.balance ?? '0'), String(a.balance ?? '0')) || 0));
}

/** The invoice form from the finance answer (or an empty one in the order's currency). */
export function invoiceForm(finance, currency = 'USD', today = '') {
  const i = finance?.invoice;
  return { number: i?.number || '', invoice_date: i?.invoice_date || today, amount: i?.amount || '', currency: i?.currency || currency || 'USD', due_date: i?.due_date || '' };
}

/** Checks of the invoice and payment forms ({field: code}); a payment above the balance is the server's 422 over_invoice. */
export function checkMoneyForm(form, keys) {
  const bad = {};
  for (const k of keys) if (blank(form[k])) bad[k] = 'required';
  if (!bad.amount && (!isDecimal(String(form.amount)) || compareDecimal(String(form.amount), '0') <= 0)) bad.amount = 'decimal';
  return bad;
}

/** Picks keys of a form into a body, strings trimmed. */
export function pick(form, keys) {
  return Object.fromEntries(keys.map((k) => [k, typeof form[k] === 'string' ? form[k].trim() : form[k]]));
}

/** A refusal's field problems on the fields a form shows; rest: the others. */
export function fieldErrors(err, names, text) {
  const fields = {};
  const rest = [];
  for (const [name, fe] of Object.entries(err?.fields || {})) {
    const base = name.replace(/[[.].*$/, '');
    if (names.includes(base) && !fields[base]) fields[base] = text(fe);
    else rest.push(text(fe));
  }
  return { fields, rest };
}
