// The factory's material screens without Vue: what a form becomes in the
// API's body (decimal quantities as strings, dates YYYY-MM-DD, blanks left
// out only where the API allows), the reason codes of a date change grouped
// by the seed's three causes, and the colours of statuses. What a user may
// do with a PO is what the server lists in its `actions` (lib/actions.js).
import { toE2, fromE2 } from './fourPoint.js';

export const PO_STATUSES = ['draft', 'sent', 'confirmed', 'shipped', 'partially_received', 'received', 'cancelled'];
export const HANDLINGS = ['accepted', 'returned', 'replacement_ordered'];
export const CATEGORIES = ['fabric', 'lining', 'trim', 'packaging'];
export const LINE_STATUSES = ['ready', 'inspecting', 'ordered', 'short', 'failed', 'late'];
export const READINESS = ['none', 'ready', 'pending', 'blocked'];

// The seed's three causes of a late material (models.MaterialDelayReasons):
// the supplier, our own side, and communication.
export const REASON_GROUPS = [
  { cause: 'supplier', codes: ['supplier_capacity', 'supplier_technology', 'supplier_quality'] },
  { cause: 'ours', codes: ['our_specification', 'our_price', 'our_follow_up'] },
  { cause: 'communication', codes: ['communication'] },
];
export const REASONS = REASON_GROUPS.flatMap((g) => g.codes);

/** A reason code in words ("供应商产能" / "supplier capacity"); an unknown code as "other reason". */
export function reasonText(code, t, te) {
  const g = REASON_GROUPS.find((x) => x.codes.includes(code));
  if (!g || !te(`matf.reason.${code}`)) return t('matf.reason.other');
  return t('matf.reasonIn', { cause: t(`matf.cause.${g.cause}`), reason: t(`matf.reason.${code}`) });
}

const PO_TAG = { draft: 'default', sent: 'primary', confirmed: 'primary', shipped: 'warning', partially_received: 'warning', received: 'success', cancelled: 'default' };
export const poTag = (s) => PO_TAG[s] || 'default';
// ready green; inspecting/ordered amber; short/failed/late red (the staff board's colours).
const LINE_TONE = { ready: 'good', inspecting: 'wait', ordered: 'wait', short: 'bad', failed: 'bad', late: 'bad' };
export const lineTone = (s) => LINE_TONE[s] || 'wait';
const ORDER_TONE = { ready: 'good', pending: 'wait', blocked: 'bad', none: 'none' };
export const readinessTone = (s) => ORDER_TONE[s] || 'none';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const QTY = /^\d{1,9}(\.\d{1,2})?$/;

/** A quantity as typed ("12", "12.5", "12,5") as the API's string with 2 decimals, or null. */
export function quantity(v) {
  const s = String(v ?? '').trim().replace(',', '.');
  if (!QTY.test(s)) return null;
  return fromE2(toE2(s));
}

/** a − b of two decimal strings, as a decimal string (≥ 0 when floor0). */
export function minus(a, b, floor0 = true) {
  const d = (toE2(a) || 0) - (toE2(b) || 0);
  return fromE2(floor0 ? Math.max(0, d) : d);
}

/** Whether a decimal string is above zero. */
export const positive = (v) => (toE2(v) || 0) > 0;

const trimOrEmpty = (s) => String(s ?? '').trim();

/**
 * The factory's lines a new PO may buy: sourced by the factory and not
 * yet fully ordered; each with the quantity still to order.
 */
export function orderable(lines = []) {
  return lines
    .filter((l) => l.sourced_by === 'factory')
    .map((l) => ({ ...l, open_qty: minus(l.required_qty, l.readiness?.ordered || '0') }))
    .filter((l) => positive(l.open_qty));
}

/**
 * A new PO from the form: {material_supplier_id, ordered_date,
 * promised_date, eta, currency, deliver_to, note, picked: {lineId: {on,
 * quantity, unit_price}}} → the body of POST /orders/:id/material-pos
 * and the field errors (keys as the API names them).
 */
export function poBody(f) {
  const errors = {};
  const lines = [];
  for (const [id, p] of Object.entries(f.picked || {})) {
    if (!p?.on) continue;
    const q = quantity(p.quantity);
    const price = trimOrEmpty(p.unit_price);
    if (q === null || !positive(q)) errors[`lines.${id}.quantity`] = 'quantity';
    if (price && !/^\d{1,9}(\.\d{1,4})?$/.test(price)) errors[`lines.${id}.unit_price`] = 'price';
    lines.push({ line_id: Number(id), quantity: q ?? '', unit_price: price });
  }
  if (!lines.length) errors.lines = 'lines';
  if (!f.material_supplier_id) errors.material_supplier_id = 'supplier';
  for (const k of ['ordered_date', 'promised_date', 'eta']) if (f[k] && !DATE.test(f[k])) errors[k] = 'date';
  if (!f.promised_date) errors.promised_date = 'date';
  const body = {
    material_supplier_id: Number(f.material_supplier_id) || 0,
    sourced_by: 'factory',
    currency: trimOrEmpty(f.currency) || 'CNY',
    ordered_date: f.ordered_date || '',
    promised_date: f.promised_date || '',
    eta: f.eta || '',
    deliver_to: trimOrEmpty(f.deliver_to),
    note: trimOrEmpty(f.note),
    lines,
  };
  return { body, errors };
}

/** The body of POST /material-pos/:id/confirm: the mill's promised ship date and the ETA. */
export function confirmBody({ promised_date, eta }) {
  const errors = {};
  if (!DATE.test(promised_date || '')) errors.promised_date = 'date';
  if (eta && !DATE.test(eta)) errors.eta = 'date';
  else if (eta && promised_date && eta < promised_date) errors.eta = 'beforePromised';
  return { body: { promised_date: promised_date || '', eta: eta || '' }, errors };
}

/** The body of POST /material-pos/:id/reschedule: one date moved, with its reason. */
export function rescheduleBody({ field, date, reason_code, note }) {
  const errors = {};
  if (field !== 'promised_date' && field !== 'eta') errors.field = 'field';
  if (!DATE.test(date || '')) errors.date = 'date';
  if (!REASONS.includes(reason_code)) errors.reason_code = 'reason';
  return { body: { field, date: date || '', reason_code: reason_code || '', note: trimOrEmpty(note) }, errors };
}

/** The body of POST /material-pos/:id/ship. */
export function shipBody({ shipped_date, carrier, tracking, eta }) {
  const errors = {};
  if (!DATE.test(shipped_date || '')) errors.shipped_date = 'date';
  if (eta && !DATE.test(eta)) errors.eta = 'date';
  else if (eta && shipped_date && eta < shipped_date) errors.eta = 'beforeShipped';
  return { body: { shipped_date: shipped_date || '', carrier: trimOrEmpty(carrier), tracking: trimOrEmpty(tracking), eta: eta || '' }, errors };
}

/** The body of POST /material-pos/:id/receipts; the photos go in photo_ids through the outbox. */
export function receiptBody({ po_line_id, received_date, quantity: q, warehouse, location, handling, note }) {
  const errors = {};
  const qty = quantity(q);
  if (!po_line_id) errors.po_line_id = 'line';
  if (!DATE.test(received_date || '')) errors.received_date = 'date';
  if (qty === null || !positive(qty)) errors.quantity = 'quantity';
  if (!HANDLINGS.includes(handling)) errors.handling = 'handling';
  return {
    body: {
      po_line_id: Number(po_line_id) || 0, received_date: received_date || '', quantity: qty ?? '',
      warehouse: trimOrEmpty(warehouse), location: trimOrEmpty(location), handling: handling || '', note: trimOrEmpty(note), photo_ids: [],
    },
    errors,
  };
}

/** A new roll of the fabric form. */
export const blankRoll = (n = 1, width = '') => ({ roll_no: String(n), yards: '', width_in: width, defects: [], shade_ok: true, width_ok: true, weight_ok: true, note: '', yard: 1 });

/** The body of POST /material-pos/:id/inspections for fabric, and the field errors (rolls[i].yards, …). */
export function fabricBody({ po_line_id, receipt_id, inspected_date, rolls = [], reason }) {
  const errors = {};
  if (!DATE.test(inspected_date || '')) errors.inspected_date = 'date';
  if (!rolls.length) errors.rolls = 'rolls';
  const out = rolls.map((r, i) => {
    const y = toE2(r.yards);
    const w = toE2(r.width_in);
    if (!y) errors[`rolls[${i}].yards`] = 'yards';
    if (!w) errors[`rolls[${i}].width_in`] = 'width';
    if (!trimOrEmpty(r.roll_no)) errors[`rolls[${i}].roll_no`] = 'rollNo';
    return {
      roll_no: trimOrEmpty(r.roll_no),
      yards: y ? fromE2(y) : '',
      width_in: w ? fromE2(w) : '',
      defects: (r.defects || []).map((d) => ({ yard: Math.max(1, Math.trunc(Number(d.yard)) || 1), length_in: String(d.length_in), hole: !!d.hole })),
      shade_ok: r.shade_ok !== false,
      width_ok: r.width_ok !== false,
      weight_ok: r.weight_ok !== false,
      note: trimOrEmpty(r.note),
    };
  });
  const body = { po_line_id: Number(po_line_id) || 0, kind: 'fabric', inspected_date: inspected_date || '', rolls: out, photo_ids: [], reason: trimOrEmpty(reason) };
  if (receipt_id) body.receipt_id = Number(receipt_id);
  return { body, errors };
}

export const LEVELS = ['I', 'II', 'III', 'S-1', 'S-2', 'S-3', 'S-4'];
export const AQLS = ['0.65', '1.0', '1.5', '2.5', '4.0', '6.5'];

/** The body of POST /material-pos/:id/inspections for trims (AQL: the server looks up the plan). */
export function trimBody({ po_line_id, receipt_id, inspected_date, lot_size, level, aql, defects, reason }) {
  const errors = {};
  const lot = /^\d{1,7}$/.test(String(lot_size ?? '').trim()) ? Number(lot_size) : 0;
  const found = /^\d{1,7}$/.test(String(defects ?? '').trim()) ? Number(defects) : -1;
  if (!DATE.test(inspected_date || '')) errors.inspected_date = 'date';
  if (lot < 2) errors.lot_size = 'lot';
  if (found < 0) errors.defects = 'defects';
  if (!LEVELS.includes(level)) errors.level = 'level';
  if (!AQLS.includes(aql)) errors.aql = 'aql';
  const body = { po_line_id: Number(po_line_id) || 0, kind: 'trim', inspected_date: inspected_date || '', lot_size: lot, level: level || '', aql: aql || '', defects: Math.max(0, found), photo_ids: [], reason: trimOrEmpty(reason) };
  if (receipt_id) body.receipt_id = Number(receipt_id);
  return { body, errors };
}

/** A PO line's name for a label: "全棉府绸 · 40s · 藏青". */
export const lineLabel = (l) => [l?.name, l?.spec, l?.material_colour || l?.colour].filter(Boolean).join(' · ');

/** The PO line a receipt or inspection form starts on: the first one not yet fully received. */
export function firstOpenLine(po) {
  const lines = po?.lines || [];
  return lines.find((l) => (toE2(l.received_qty) || 0) < (toE2(l.quantity) || 0)) || lines[0] || null;
}

/** Receipts of a PO line not yet inspected (the newest first): what an inspection is of. */
export function uninspectedReceipts(po, lineId) {
  const done = new Set((po?.inspections || []).map((i) => i.receipt_id).filter(Boolean));
  return (po?.receipts || []).filter((r) => r.po_line_id === lineId && !done.has(r.id)).reverse();
}

/**
 * A date change of a PO as the screen shows it: {field, from, to,
 * reason_code, note, by (a name), at} (the API's from/to/by/at; older
 * spellings from_date/to_date/created_at read too).
 */
export function changeView(c = {}) {
  const by = c.by && typeof c.by === 'object' ? c.by.name || '' : c.by || '';
  return { id: c.id, field: c.field, from: c.from ?? c.from_date ?? '', to: c.to ?? c.to_date ?? '', reason_code: c.reason_code || '', note: c.note || '', by, at: c.at ?? c.created_at ?? '' };
}
