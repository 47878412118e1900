// The staff material screens' pure logic (no Vue, no requests): the board's
// colours, what blocks cutting, grouping by category, the figures of a line;
// forms to request bodies and the server's field errors back onto the
// fields; PO list filters; decimal strings compared and subtracted exactly.
// Tested in model.test.js against fixtures that follow the contract.
import { BODY, CATEGORIES, FIELDS, LINE_STATUSES, SOURCED_BY } from './api.js';

// ---- Decimal strings ("1250.50", "1.3500"): exact, with BigInt. ----

const DEC = /^-?\d+(\.\d+)?$/;
/** Whether s is a plain decimal ("12", "1.35"); commas and spaces are not accepted. */
export const isDecimal = (s) => DEC.test(String(s ?? '').trim());
/** The number of decimals s has. */
const scaleOf = (s) => (String(s).split('.')[1] || '').length;
function toScaled(s, scale) {
  const str = String(s ?? '0').trim() || '0';
  const neg = str.startsWith('-');
  const [int, frac = ''] = str.replace(/^-/, '').split('.');
  const v = BigInt(int || '0') * 10n ** BigInt(scale) + BigInt((frac + '0'.repeat(scale)).slice(0, scale) || '0');
  return neg ? -v : v;
}
function fromScaled(v, scale) {
  const neg = v < 0n;
  const abs = (neg ? -v : v).toString().padStart(scale + 1, '0');
  const s = scale ? `${abs.slice(0, -scale)}.${abs.slice(-scale)}` : abs;
  return (neg ? '-' : '') + s;
}
/** a − b as a decimal string with the larger scale of the two (at least 2). */
export function decSub(a, b) {
  const scale = Math.max(2, scaleOf(a ?? '0'), scaleOf(b ?? '0'));
  return fromScaled(toScaled(a, scale) - toScaled(b, scale), scale);
}
/** −1, 0 or 1 as a is below, equal to or above b. */
export function decCmp(a, b) {
  const scale = Math.max(scaleOf(a ?? '0'), scaleOf(b ?? '0'));
  const d = toScaled(a, scale) - toScaled(b, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}
/** max(a − b, 0). */
export const decRemainder = (a, b) => (decCmp(a, b) > 0 ? decSub(a, b) : fromScaled(0n, Math.max(2, scaleOf(a ?? '0'))));
/** A decimal normalised to at most `max` decimals, or null when s is not a decimal or has more. */
export function normDecimal(s, max) {
  const str = String(s ?? '').trim();
  if (!isDecimal(str) || scaleOf(str) > max) return null;
  return str;
}
/** A decimal string for reading, in the locale's digits grouping, its decimals kept. */
export function fmtDec(s, locale) {
  if (s == null || s === '') return '';
  if (!isDecimal(s)) return String(s);
  const d = scaleOf(s);
  return Number(s).toLocaleString(locale, { minimumFractionDigits: d, maximumFractionDigits: d });
}

// ---- The board. ----

/** A line status's colour: ready green; inspecting and ordered amber; short, failed and late red; anything else grey. */
export function statusColour(status) {
  if (status === 'ready') return 'green';
  if (status === 'inspecting' || status === 'ordered') return 'amber';
  if (status === 'short' || status === 'failed' || status === 'late') return 'red';
  return 'grey';
}
const TAG = { green: 'success', amber: 'warning', red: 'danger', grey: 'default' };
/** The van-tag type of a status. */
export const statusTag = (status) => TAG[statusColour(status)];
/** The order readiness's colour (none: no lines yet). */
export const readinessColour = (r) => ({ ready: 'green', pending: 'amber', blocked: 'red' })[r] || 'grey';
export const readinessTag = (r) => TAG[readinessColour(r)];

/** A line's readiness status ('' while the server sends none). */
export const lineStatus = (line) => line?.[FIELDS.readiness]?.status || '';

/**
 * The figures of a line, as the server wrote them: needed (required_qty),
 * ordered, received, passed, short, eta; previous is the figure before the
 * last revision (null when unchanged).
 */
export function lineFigures(line) {
  const r = line?.[FIELDS.readiness] || {};
  return {
    needed: line?.required_qty ?? '',
    previous: line?.previous_required_qty ?? null,
    ordered: r.ordered ?? '',
    received: r.received ?? '',
    passed: r.passed ?? '',
    short: r.short ?? '',
    eta: r.eta ?? '',
  };
}

// How bad a status is, for the blocking list: failed first, then late, short.
const SEVERITY = { failed: 0, late: 1, short: 2, inspecting: 3, ordered: 4 };

/**
 * What blocks cutting, worst first: the server's readiness.blocking when it
 * sends it, else the lines whose status is red. Each {line_id, name, status}.
 */
export function blockingList(view) {
  const lines = view?.[FIELDS.lines] || [];
  const given = view?.[FIELDS.readiness]?.[FIELDS.blocking];
  const list = Array.isArray(given)
    ? given.map((b) => ({ line_id: b.line_id, name: b.name, status: b.status }))
    : lines.filter((l) => statusColour(lineStatus(l)) === 'red').map((l) => ({ line_id: l.id, name: l.name, status: lineStatus(l) }));
  return list
    .map((b, i) => ({ ...b, i }))
    .sort((a, b) => (SEVERITY[a.status] ?? 9) - (SEVERITY[b.status] ?? 9) || a.i - b.i)
    .map(({ i, ...b }) => b);
}

/** The order's readiness summary: {status, total, ready}; counted from the lines when the server sends none. */
export function readinessSummary(view) {
  const lines = view?.[FIELDS.lines] || [];
  const r = view?.[FIELDS.readiness];
  if (r && r.status) return { status: r.status, total: r.lines_total ?? lines.length, ready: r.lines_ready ?? 0 };
  if (!lines.length) return { status: 'none', total: 0, ready: 0 };
  const ready = lines.filter((l) => lineStatus(l) === 'ready').length;
  const statuses = lines.map(lineStatus);
  let status = 'pending';
  if (statuses.every((s) => s === 'ready')) status = 'ready';
  else if (statuses.some((s) => s === 'failed' || s === 'late')) status = 'blocked';
  return { status, total: lines.length, ready };
}

/**
 * The lines grouped by category in the contract's order (fabric, lining,
 * trim, packaging, then any other), each group's lines by position, with a
 * count per colour: [{category, lines, counts: {green, amber, red, grey}}].
 */
export function groupLines(lines) {
  const byCat = new Map();
  for (const l of lines || []) {
    const c = l.category || '';
    if (!byCat.has(c)) byCat.set(c, []);
    byCat.get(c).push(l);
  }
  const rank = (c) => (CATEGORIES.includes(c) ? CATEGORIES.indexOf(c) : CATEGORIES.length);
  return [...byCat.keys()]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((category) => {
      const ls = byCat.get(category).slice().sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.id - b.id);
      const counts = { green: 0, amber: 0, red: 0, grey: 0 };
      for (const l of ls) counts[statusColour(lineStatus(l))]++;
      return { category, lines: ls, counts };
    });
}

/** Whether staff may put a line on a PO they create: the buyer's and nominated lines (the factory buys its own). */
export const staffSourced = (line) => line?.sourced_by === 'buyer' || line?.sourced_by === 'nominated';

/**
 * Checks a selection for one staff PO: every line sourced by the same side
 * (buyer or nominated), and one nominated supplier at most. Resolves
 * {ok, sourced_by, material_supplier_id, problem} — problem a message key
 * under mat.po.* when not ok.
 */
export function poSelection(lines) {
  if (!lines?.length) return { ok: false, problem: 'pickLines' };
  if (lines.some((l) => !staffSourced(l))) return { ok: false, problem: 'factoryLines' };
  const sides = new Set(lines.map((l) => l.sourced_by));
  if (sides.size > 1) return { ok: false, problem: 'mixedSides' };
  const [sourced_by] = sides;
  const noms = new Set(lines.map((l) => l.nominated_supplier_id ?? l.nominated_supplier?.id).filter((x) => x != null));
  if (noms.size > 1) return { ok: false, problem: 'mixedSuppliers' };
  return { ok: true, sourced_by, material_supplier_id: noms.size ? [...noms][0] : null };
}

// ---- Forms → bodies. ----

const trim = (v) => (typeof v === 'string' ? v.trim() : v);

/** The form of a line (its DTO, or a new line's defaults). */
export function lineForm(line = null) {
  return {
    category: line?.category ?? 'fabric',
    name: line?.name ?? '',
    spec: line?.spec ?? '',
    colour: line?.colour ?? '',
    material_colour: line?.material_colour ?? '',
    unit: line?.unit ?? '',
    consumption: line?.consumption ?? '',
    wastage_pct: line?.wastage_pct ?? '0.00',
    // An automatic needed-by is shown but not sent back (it would become a hand-set date).
    needed_by: line?.needed_by ?? '',
    sourced_by: line?.sourced_by ?? 'factory',
    nominated_supplier_id: line?.nominated_supplier_id ?? line?.nominated_supplier?.id ?? null,
    note: line?.note ?? '',
  };
}

/**
 * A line's request body from its form. For a new line every key (an empty
 * needed-by is left out: the server takes the cutting date − buffer); for
 * an edit (original = the line's DTO) only what changed. A nominated
 * supplier only goes with sourced_by nominated.
 */
export function lineBody(form, original = null) {
  const body = {};
  for (const k of BODY.line) body[k] = trim(form[k]);
  if (body.sourced_by !== 'nominated') body.nominated_supplier_id = null;
  else body.nominated_supplier_id = body.nominated_supplier_id == null || body.nominated_supplier_id === '' ? null : Number(body.nominated_supplier_id);
  if (!original) {
    if (!body.needed_by) delete body.needed_by;
    return body;
  }
  const was = lineForm(original);
  if (was.nominated_supplier_id != null) was.nominated_supplier_id = Number(was.nominated_supplier_id);
  if (was.sourced_by !== 'nominated') was.nominated_supplier_id = null;
  const out = {};
  for (const k of BODY.line) if (body[k] !== was[k]) out[k] = body[k];
  return out;
}

/** The form's own checks before sending: {field: message key under mat.check.*}. */
export function checkLine(form) {
  const bad = {};
  if (!trim(form.name)) bad.name = 'required';
  if (!trim(form.unit)) bad.unit = 'required';
  if (normDecimal(form.consumption, 4) === null || decCmp(form.consumption, '0') <= 0) bad.consumption = 'consumption';
  if (normDecimal(form.wastage_pct, 2) === null || decCmp(form.wastage_pct, '0') < 0) bad.wastage_pct = 'wastage';
  if (!SOURCED_BY.includes(form.sourced_by)) bad.sourced_by = 'required';
  if (form.sourced_by === 'nominated' && (form.nominated_supplier_id == null || form.nominated_supplier_id === '')) bad.nominated_supplier_id = 'required';
  return bad;
}

/** A new PO's form for the picked lines: each line's quantity is what is left to order (needed − ordered). */
export function poForm(lines, { today = '', currency = 'CNY' } = {}) {
  const sel = poSelection(lines);
  return {
    material_supplier_id: sel.material_supplier_id ?? null,
    sourced_by: sel.sourced_by || 'buyer',
    currency,
    ordered_date: today,
    promised_date: '',
    eta: '',
    deliver_to: '',
    note: '',
    lines: (lines || []).map((l) => {
      const f = lineFigures(l);
      const left = f.ordered === '' ? f.needed : decRemainder(f.needed, f.ordered);
      return { line_id: l.id, name: l.name, unit: l.unit, quantity: left || '', unit_price: '' };
    }),
  };
}

/** A PO's request body from its form (the lines as BODY.poLine; an empty date or supplier as the server's none). */
export function poBody(form) {
  const body = {};
  for (const k of BODY.po) {
    if (k === 'lines') continue;
    body[k] = trim(form[k]) ?? '';
  }
  body.material_supplier_id = form.material_supplier_id == null || form.material_supplier_id === '' ? null : Number(form.material_supplier_id);
  body.lines = (form.lines || []).map((l) => ({ line_id: l.line_id, quantity: trim(l.quantity), unit_price: trim(l.unit_price ?? '') }));
  return body;
}

/** The PO form's own checks: {field: key under mat.check.*}; line fields as lines[i].quantity. */
export function checkPO(form) {
  const bad = {};
  if (form.material_supplier_id == null || form.material_supplier_id === '') bad.material_supplier_id = 'required';
  if (!form.lines?.length) bad.lines = 'required';
  (form.lines || []).forEach((l, i) => {
    if (normDecimal(l.quantity, 2) === null || decCmp(l.quantity, '0') <= 0) bad[`lines[${i}].quantity`] = 'quantity';
    if (l.unit_price && normDecimal(l.unit_price, 4) === null) bad[`lines[${i}].unit_price`] = 'price';
  });
  if (form.promised_date && form.ordered_date && form.promised_date < form.ordered_date) bad.promised_date = 'beforeOrdered';
  return bad;
}

/** The field names a PO form shows (for fieldErrors). */
export const poFieldNames = (form) => [...BODY.po.filter((k) => k !== 'lines'), 'lines',
  ...(form.lines || []).flatMap((_, i) => [`lines[${i}].quantity`, `lines[${i}].unit_price`, `lines[${i}].line_id`])];

/** A supplier's form (its DTO or a new one's). */
export function supplierForm(s = null) {
  return {
    code: s?.code ?? '', name: s?.name ?? '', name_en: s?.name_en ?? '', contact_name: s?.contact_name ?? '',
    contact_phone: s?.contact_phone ?? '', contact_email: s?.contact_email ?? '', address: s?.address ?? '', active: s?.active ?? true,
  };
}
/** A supplier's body: all keys for a new one, the changed ones for an edit. */
export function supplierBody(form, original = null) {
  const body = {};
  for (const k of BODY.supplier) body[k] = trim(form[k]);
  if (!original) return body;
  const was = supplierForm(original);
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== was[k]));
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function checkSupplier(form) {
  const bad = {};
  if (!trim(form.code)) bad.code = 'required';
  if (!trim(form.name)) bad.name = 'required';
  if (trim(form.contact_email) && !EMAIL.test(trim(form.contact_email))) bad.contact_email = 'email';
  return bad;
}

/** A PO action's body from its dialog's form (only the keys of that action). */
export function actionBody(action, form) {
  const keys = BODY[action] || [];
  return Object.fromEntries(keys.map((k) => [k, trim(form[k] ?? '')]));
}
/** A PO action dialog's own checks. */
export function checkAction(action, form) {
  const bad = {};
  if (action === 'confirm' && !form.promised_date) bad.promised_date = 'required';
  if (action === 'reschedule') {
    if (!form.date) bad.date = 'required';
    if (!form.reason_code) bad.reason_code = 'reason';
  }
  if (action === 'ship' && !form.shipped_date) bad.shipped_date = 'required';
  if (action === 'cancel' && !trim(form.reason)) bad.reason = 'required';
  return bad;
}

// ---- Server errors → fields. ----

/**
 * Splits a server refusal for a form: `texts(fe)` turns one {code, params}
 * into text (lib/errors fieldText); names are the fields the form shows.
 * A nested name the form does not show by itself falls to its parent
 * (lines[2].line_id → lines). Resolves {fields: {name: text}, rest: [text]}.
 */
export function fieldErrors(err, names, texts) {
  const fields = {};
  const rest = [];
  for (const [name, fe] of Object.entries(err?.fields || {})) {
    let key = names.includes(name) ? name : null;
    if (!key) {
      const parent = name.replace(/\[\d+\].*$/, '');
      if (parent !== name && names.includes(parent)) key = parent;
    }
    if (key && !fields[key]) fields[key] = texts(fe);
    else if (!key) rest.push(texts(fe));
  }
  return { fields, rest };
}

/**
 * An import's refused rows, from either way the server may say it: the
 * envelope's rows [{row, column|field, code, params}] or fields named
 * rows[N].field. Sorted by row: [{row, field, code, params}].
 */
export function importProblems(err) {
  const out = [];
  for (const r of err?.rows || []) out.push({ row: r.row, field: r.field ?? r.column ?? '', code: r.code, params: r.params || {} });
  for (const [name, fe] of Object.entries(err?.fields || {})) {
    const m = /^rows\[(\d+)\]\.?(.*)$/.exec(name);
    if (m) out.push({ row: Number(m[1]), field: m[2], code: fe?.code, params: fe?.params || {} });
  }
  return out.sort((a, b) => a.row - b.row);
}

// ---- The PO list. ----

/** The PO list's filters, as kept in the URL and sent to the API. */
export const PO_FILTERS = ['due', 'status', 'sourced_by', 'order_id'];
export function poQuery(filters, { cursor = '', limit = 50 } = {}) {
  const q = {};
  for (const k of PO_FILTERS) if (filters[k]) q[k] = String(filters[k]);
  if (cursor) q.cursor = cursor;
  q.limit = String(limit);
  return q;
}

/**
 * A PO's date history, oldest first: [{id, field, from, to, reason_code,
 * note, at}] (the PO DTO's changes: from / to / at; from_date / to_date /
 * created_at are read too).
 */
export const poHistory = (po) => (po?.changes || [])
  .map((c) => ({ id: c.id, field: c.field, from: c.from ?? c.from_date ?? '', to: c.to ?? c.to_date ?? '', reason_code: c.reason_code, note: c.note || '', at: c.at ?? c.created_at ?? '' }))
  .sort((a, b) => String(a.at).localeCompare(String(b.at)) || a.id - b.id);

/**
 * Whether a PO line came short or over: nothing until something is
 * received (the server's `short` is what is still to come); then the
 * server's `short` / `over`, else worked out from the figures.
 */
export function poLineBalance(l) {
  if (l.received_qty == null || l.received_qty === '' || decCmp(l.received_qty, '0') === 0) return { kind: '', qty: '' };
  if (l.short != null && l.short !== '' && decCmp(l.short, '0') > 0) return { kind: 'short', qty: l.short };
  if (l.over != null && l.over !== '' && decCmp(l.over, '0') > 0) return { kind: 'over', qty: l.over };
  const c = decCmp(l.received_qty, l.quantity);
  if (c < 0) return { kind: 'short', qty: decSub(l.quantity, l.received_qty) };
  if (c > 0) return { kind: 'over', qty: decSub(l.received_qty, l.quantity) };
  return { kind: 'even', qty: '' };
}

/** PO status colours for the list's tags. */
const PO_TAG = { draft: 'default', sent: 'primary', confirmed: 'primary', shipped: 'warning', partially_received: 'warning', received: 'success', cancelled: 'danger' };
export const poStatusTag = (s) => PO_TAG[s] || 'default';

// ---- The scorecard. ----

/** The five rights in their order. */
export const RIGHTS = ['on_time', 'quality', 'place', 'quantity', 'price'];
/**
 * The scorecard's rows: per right its figures as the server sends them
 * ({share|rate|…: number, count…}) — [{right, figures: [[key, value]]}];
 * a right the answer lacks is left out.
 */
/** One scorecard figure for reading: a *_pct as a percentage (null: no data, —), a count as a number. */
export function scoreValue(key, v, locale) {
  if (v == null) return '—';
  if (typeof v !== 'number') return String(v);
  if (/pct$/.test(key)) return `${v.toLocaleString(locale, { maximumFractionDigits: 1 })} %`;
  return v.toLocaleString(locale);
}
export function scoreRows(card) {
  return RIGHTS.filter((r) => card && card[r] && typeof card[r] === 'object').map((right) => ({
    right,
    figures: Object.entries(card[right]).filter(([, v]) => v == null || typeof v !== 'object'),
  }));
}

/** The statuses the board colours, for the legend. */
export const LEGEND = LINE_STATUSES;

/** A PO's material supplier's name, however the answer carries it. */
export const poSupplierName = (po) => po?.material_supplier?.name || po?.material_supplier_name || '';
/** A PO's order number for reading (the order's PO number when the answer has it). */
export const poOrderText = (po) => po?.order?.po_number || po?.order_po_number || (po?.order_id ? `#${po.order_id}` : '');
