// The factory's after-sales rules that need no screen: what a form sends
// and what it still lacks, the next step of a rework, how a status looks.
// The server decides (its `actions`); these only shape what is typed.

export const CAUSES = ['man', 'machine', 'material', 'method', 'measurement', 'environment', 'design'];
export const COMPLAINT_STATUSES = ['open', 'investigating', 'resolution_agreed', 'closed'];
export const CAPA_STATUSES = ['open', 'done', 'verified'];
export const SEVERITIES = ['minor', 'major', 'critical'];

const TONE = {
  open: 'wait', investigating: 'wait', resolution_agreed: 'good', closed: 'none',
  done: 'good', verified: 'good', cancelled: 'none',
};
/** good | wait | bad | none: how a status of a complaint, CAPA or resolution is coloured. */
export const statusTone = (s) => TONE[s] || 'none';
export const severityTone = (s) => (s === 'critical' ? 'bad' : s === 'major' ? 'wait' : 'none');

const trim = (v) => (typeof v === 'string' ? v.trim() : '');
const MAX = 4000;

/** The answer's body and its errors ({answer: 'required'|'long'}). */
export function answerBody(answer) {
  const a = trim(answer);
  const errors = {};
  if (!a) errors.answer = 'required';
  else if (a.length > MAX) errors.answer = 'long';
  return { body: { answer: a }, errors };
}

export const CAPA_FIELDS = ['containment', 'root_cause', 'cause_category', 'corrective_action', 'preventive_action', 'owner'];
/** What completing a CAPA needs (the server answers 422 without them). */
export const CAPA_NEEDED = ['root_cause', 'cause_category', 'corrective_action'];

/** The PATCH body of a CAPA form (trimmed texts; an unknown cause category is an error). */
export function capaBody(f = {}) {
  const body = {};
  const errors = {};
  for (const k of CAPA_FIELDS) body[k] = trim(f[k]);
  if (body.cause_category && !CAUSES.includes(body.cause_category)) errors.cause_category = 'unknown';
  for (const k of CAPA_FIELDS) if (body[k].length > MAX) errors[k] = 'long';
  return { body, errors };
}

/** The fields a CAPA still lacks before it can be completed ([] when none). */
export const capaMissing = (capa = {}) => CAPA_NEEDED.filter((k) => !trim(capa?.[k] ?? ''));

/** Whether the form differs from the CAPA as the server has it. */
export const capaChanged = (capa = {}, f = {}) => CAPA_FIELDS.some((k) => trim(f[k]) !== trim(capa?.[k] ?? ''));

/** A whole number from a field ("12" → 12), or NaN. */
export function whole(v) {
  const s = String(v ?? '').trim();
  return /^\d+$/.test(s) ? Number(s) : NaN;
}

/** The progress body of a rework ({reworked_qty}) and its errors: 1 … the resolution's quantity. */
export function reworkBody(qty, res = {}) {
  const n = whole(qty);
  const errors = {};
  if (!Number.isFinite(n) || n < 1) errors.reworked_qty = 'quantity';
  else if (res.quantity && n > res.quantity) errors.reworked_qty = 'over';
  return { body: { reworked_qty: n }, errors };
}

/** The re-inspection booking ({date, address}); a date is needed. */
export function reinspectBody({ date, address } = {}) {
  const errors = {};
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date || '')) errors.date = 'date';
  return { body: { date: date || '', address: trim(address) }, errors };
}

/** The re-delivery booking ({warehouse_id, date, cartons}). */
export function redeliverBody({ warehouse_id, date, cartons } = {}) {
  const errors = {};
  const w = Number(warehouse_id);
  if (!w) errors.warehouse_id = 'warehouse';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date || '')) errors.date = 'date';
  const c = cartons === '' || cartons === undefined || cartons === null ? 0 : whole(cartons);
  if (!Number.isFinite(c)) errors.cartons = 'quantity';
  return { body: { warehouse_id: w, date: date || '', cartons: Number.isFinite(c) ? c : 0 }, errors };
}

/**
 * Where a rework stands, in order: 'rework' (the quantity to rework),
 * 'reinspect' (book the re-inspection), 'inspecting' (booked, waiting for
 * its result), 'failed' (it failed: rework and book again), 'redeliver'
 * (passed: book the re-delivery), 'shipping' (booked, to ship), 'done',
 * 'cancelled'.
 */
export function reworkStep(r = {}) {
  if (r.status === 'done') return 'done';
  if (r.status === 'cancelled') return 'cancelled';
  if (r.delivery_id || r.delivery) return 'shipping';
  const insp = r.inspection;
  if (r.inspection_id || insp) {
    const result = insp?.result || '';
    if (result === 'pass') return 'redeliver';
    if (result === 'fail') return 'failed';
    return 'inspecting';
  }
  if (!r.reworked_qty || r.reworked_qty < r.quantity) return 'rework';
  return 'reinspect';
}

/** The factory's to-dos among resolutions: open reworks and chargebacks not yet acknowledged. */
export function tasks(list = []) {
  return list.filter((r) => r.status === 'open' && (r.kind === 'rework' || (r.chargeback_amount && !r.chargeback_acknowledged_at && !r.chargeback_ack_at)));
}

/** Days since a date (YYYY-MM-DD) on the given today, or the server's age_days when it sends one. */
export function ageDays(c = {}, today = new Date().toISOString().slice(0, 10)) {
  if (Number.isFinite(c.age_days)) return c.age_days;
  const from = Date.parse(c.received_date || '');
  const to = Date.parse(today);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  return Math.max(0, Math.round((to - from) / 86_400_000));
}

/** Whether a CAPA is overdue on today (open, due date before today); the server's `overdue` wins. */
export function overdue(capa = {}, today = new Date().toISOString().slice(0, 10)) {
  if (typeof capa.overdue === 'boolean') return capa.overdue;
  return capa.status === 'open' && !!capa.due_date && capa.due_date < today;
}
