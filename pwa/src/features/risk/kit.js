// What the risk screens share, as pure functions (kit.test.js): the
// dashboard's query from its filters and its level tabs, the age of a last
// report, slack in words, the Today list grouped by kind with each item's
// words, a chase's request body and its slipped promise, and the charts'
// geometry (dates to x, quantities to y).
import { i18n } from '../../i18n/index.js';
import { shortDay, stepName, sampleType, inspectionType, num } from './reasons.js';
import './messages.js';

const g = i18n.global;

// ---- days ----------------------------------------------------------------------

const DAY = 86_400_000;
const ISO = /^\d{4}-\d{2}-\d{2}$/;
export const isDate = (s) => ISO.test(String(s || ''));
/** A YYYY-MM-DD date as whole days since 1970-01-01. */
export const dayNo = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
/** Whole days from a to b. */
export const daysFrom = (a, b) => dayNo(b) - dayNo(a);
const pad = (n) => String(n).padStart(2, '0');
/** The day n days after iso. */
export function addDays(iso, n) {
  const d = new Date((dayNo(iso) + n) * DAY);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** How long ago the last report was: "today", "yesterday", "3 days ago", "never reported". */
export function ageText(lastReport, today) {
  if (!isDate(lastReport)) return g.t('risk.ago.never');
  const n = Math.max(0, daysFrom(lastReport, today));
  if (n === 0) return g.t('risk.ago.today');
  if (n === 1) return g.t('risk.ago.yesterday');
  return g.t('risk.ago.days', { n: num(n) }, n);
}

/** Days since the last report; Infinity when it never reported (the dashboard marks old ones). */
export const ageDays = (lastReport, today) => (isDate(lastReport) ? Math.max(0, daysFrom(lastReport, today)) : Infinity);

/** Slack in working days as words: "3 working days to spare", "6 working days late". */
export function slackText(slack) {
  const n = Number(slack);
  if (!Number.isFinite(n)) return '';
  if (n === 0) return g.t('risk.slack.zero');
  if (n > 0) return g.t('risk.slack.spare', { n: num(n) }, n);
  return g.t('risk.slack.late', { n: num(-n) }, -n);
}

// ---- dashboard -------------------------------------------------------------------

/** The dashboard's filters, as kept in the URL: merchandiser 'mine' | 'all' | an id. */
export const DASH_KEYS = ['who', 'supplier_id', 'customer_id', 'ex_factory_from', 'ex_factory_to', 'level'];
export const LEVEL_TABS = ['', 'late', 'at_risk', 'on_track'];

/** GET /api/v1/dashboard's query from the filters (and a cursor). */
export function dashQuery(filters = {}, { cursor = '', limit = 50 } = {}) {
  const p = new URLSearchParams();
  const who = String(filters.who || 'mine');
  if (who === 'all') p.set('merchandiser_id', 'all');
  else if (/^\d+$/.test(who)) p.set('merchandiser_id', who);
  // 'mine': the server's default is the caller.
  for (const k of ['supplier_id', 'customer_id', 'ex_factory_from', 'ex_factory_to', 'level']) {
    const v = String(filters[k] || '').trim();
    if (v) p.set(k, v);
  }
  p.set('limit', String(limit));
  if (cursor) p.set('cursor', cursor);
  return p;
}

/** The level tabs with their counts: [{level: '', n: all}, {level: 'late', n}, …]. */
export function levelTabs(byLevel = {}) {
  const n = (l) => Number(byLevel?.[l]) || 0;
  const all = n('late') + n('at_risk') + n('on_track');
  return LEVEL_TABS.map((level) => ({ level, n: level ? n(level) : all }));
}

// ---- Today -------------------------------------------------------------------------

/** The Today list's kinds, in the order they are shown (the server's order too). */
export const TODAY_KINDS = ['follow_up', 'step_overdue', 'step_due', 'quiet_factory', 'sample_waiting', 'inspection_today', 'delivery_to_confirm', 'material_po_due'];

/** Items grouped by kind, in TODAY_KINDS order (unknown kinds last): [{kind, items}]. */
export function groupToday(items = []) {
  const by = new Map();
  for (const it of items) {
    if (!by.has(it.kind)) by.set(it.kind, []);
    by.get(it.kind).push(it);
  }
  const rank = (k) => (TODAY_KINDS.includes(k) ? TODAY_KINDS.indexOf(k) : TODAY_KINDS.length);
  return [...by.keys()].sort((a, b) => rank(a) - rank(b)).map((kind) => ({ kind, items: by.get(kind) }));
}

/** A stable key of a Today item (its kind, order and what it is about). */
export function itemKey(it) {
  const p = it?.params || {};
  const what = p.milestone_id ?? p.round_id ?? p.inspection_id ?? p.delivery_id ?? p.chase_id ?? p.po_id ?? '';
  return `${it?.kind}:${it?.order?.id ?? ''}:${it?.supplier?.id ?? ''}:${what}:${it?.date ?? ''}`;
}

/** What a Today item is about, in words. */
export function todayWhat(it) {
  const p = it?.params || {};
  const date = shortDay(it?.date);
  switch (it?.kind) {
    case 'step_overdue':
      return g.t('risk.today.what.step_overdue', { step: stepName(p), date, days: num(p.days) });
    case 'step_due':
      return g.t('risk.today.what.step_due', { step: stepName(p) });
    case 'quiet_factory':
      return g.t('risk.today.what.quiet_factory', { days: num(p.days), date });
    case 'sample_waiting':
      return g.t('risk.today.what.sample_waiting', { type: sampleType(p.type), round: num(p.round_no), days: num(p.days) });
    case 'inspection_today':
      return g.t('risk.today.what.inspection_today', { type: inspectionType(p.type) });
    case 'delivery_to_confirm':
      return g.t('risk.today.what.delivery_to_confirm', { date, quantity: num(p.quantity) });
    case 'follow_up':
      return g.t('risk.today.what.follow_up', { date });
    case 'material_po_due':
      return g.t(p.overdue ? 'risk.today.what.material_po_overdue' : 'risk.today.what.material_po_due', { po: p.po_number || '', date });
    default:
      return it?.kind || '';
  }
}

/** Where a Today item's own screen is (a sample to review, an inspection, a delivery), or ''. */
export function todayLink(it) {
  const p = it?.params || {};
  if (it?.kind === 'sample_waiting' && p.round_id) return `/approvals/${p.round_id}`;
  if (it?.kind === 'inspection_today' && p.inspection_id) return `/inspections/${p.inspection_id}`;
  if (it?.kind === 'delivery_to_confirm' && it?.order?.id) return `/orders/${it.order.id}`;
  if (it?.kind === 'material_po_due' && it?.order?.id) return `/orders/${it.order.id}`;
  return '';
}

// ---- chases --------------------------------------------------------------------------

export const CHANNELS = ['called', 'messaged', 'visited'];

/**
 * POST /api/v1/chases' body from the sheet's form and what it is about
 * ({order_id} or {supplier_id}, and from a Today item its milestone and
 * kind as topic). Empty optional fields are left out.
 */
export function chaseBody(form = {}, about = {}) {
  const body = {};
  if (about.order_id) body.order_id = Number(about.order_id);
  else if (about.supplier_id) body.supplier_id = Number(about.supplier_id);
  if (about.milestone_id) body.milestone_id = Number(about.milestone_id);
  if (about.topic) body.topic = about.topic;
  body.channel = form.channel || '';
  const said = String(form.said || '').trim();
  if (said) body.said = said;
  if (isDate(form.promised_date)) body.promised_date = form.promised_date;
  if (isDate(form.next_follow_up)) body.next_follow_up = form.next_follow_up;
  return body;
}

/** What a Today item's chase is about. */
export function chaseAbout(it) {
  const p = it?.params || {};
  const about = { topic: it?.kind || '' };
  if (it?.order?.id) about.order_id = it.order.id;
  else if (it?.supplier?.id) about.supplier_id = it.supplier.id;
  if (p.milestone_id) about.milestone_id = p.milestone_id;
  return about;
}

/** The form's own checks before sending: {field: text}. */
export function chaseProblems(form = {}) {
  const out = {};
  if (!CHANNELS.includes(form.channel)) out.channel = g.t('risk.chase.needChannel');
  return out;
}

/** A channel as a word. */
export const channelText = (c) => (g.te(`risk.channel.${c}`) ? g.t(`risk.channel.${c}`) : String(c || ''));

/** A chase's slipped promise in words ("promised Dec 2, now Dec 6 — slipped again"), or ''. */
export function slippedText(chase) {
  if (!chase?.slipped || !chase.previous_promised_date) return '';
  return g.t('risk.chase.slipped', { before: shortDay(chase.previous_promised_date), now: shortDay(chase.promised_date) });
}

/**
 * A chase made on this device, before the server has it (it waits in the
 * outbox): the fields the lists show, with the earlier promise taken from
 * the latest chase known, so a slip shows at once.
 */
export function localChase(body, { previous = null, user = null, now = new Date() } = {}) {
  const before = previous?.promised_date || '';
  const promised = body.promised_date || '';
  return {
    id: 0, local: true, order_id: body.order_id ?? null, supplier_id: body.supplier_id ?? null, milestone_id: body.milestone_id ?? null,
    topic: body.topic || '', channel: body.channel, said: body.said || '', promised_date: promised,
    previous_promised_date: promised ? before : '', slipped: !!(promised && before && promised > before),
    next_follow_up: body.next_follow_up || '', created_by: { id: user?.id ?? 0, name: user?.name || '' }, created_at: now.toISOString(),
  };
}

// ---- charts --------------------------------------------------------------------------

/** A linear scale from [d0, d1] to [r0, r1] (d0 === d1 maps to the middle). */
export function linear(d0, d1, r0, r1) {
  return (v) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));
}

/** The first and last of some dates (blanks and non-dates ignored), padded by pad days; null when none. */
export function dateRange(dates, pad = 0) {
  const ok = dates.filter(isDate).sort();
  if (!ok.length) return null;
  return { from: addDays(ok[0], -pad), to: addDays(ok[ok.length - 1], pad) };
}

/** Ticks for a date axis: about `count` dates from `from` to `to`, on whole days. */
export function dateTicks(from, to, count = 5) {
  const span = daysFrom(from, to);
  if (span <= 0) return [from];
  const step = Math.max(1, Math.ceil(span / Math.max(1, count - 1)));
  const out = [];
  for (let d = 0; d <= span; d += step) out.push(addDays(from, d));
  return out;
}

/**
 * The timeline of planned vs actual steps: one row per step with the x of
 * its baseline, planned and actual dates (null when it has none), and the
 * x of today. width/left/right are the SVG's geometry.
 */
export function timeline(steps = [], today, { left = 120, right = 590, rowH = 24, top = 8 } = {}) {
  const dates = steps.flatMap((s) => [s.baseline_date, s.planned_date, s.actual_date]).concat(today ? [today] : []);
  const range = dateRange(dates, 1) || { from: today, to: today };
  const x = linear(dayNo(range.from), dayNo(range.to), left, right);
  const at = (d) => (isDate(d) ? x(dayNo(d)) : null);
  const rows = steps.map((s, i) => ({
    step: s, y: top + i * rowH + rowH / 2,
    baseline: at(s.baseline_date), planned: at(s.planned_date), actual: at(s.actual_date),
    late: !s.actual_date && isDate(s.planned_date) && isDate(today) && s.planned_date < today && !['done', 'cancelled', 'not_applicable'].includes(s.status),
    slipped: isDate(s.baseline_date) && isDate(s.planned_date) && s.planned_date > s.baseline_date,
  }));
  return { range, x: at, today: at(today), rows, height: top * 2 + steps.length * rowH, ticks: dateTicks(range.from, range.to, 5).map((d) => ({ date: d, x: at(d) })) };
}

/**
 * The output chart: the reported cumulative points and the needed line
 * from (start, 0) to (due, total), scaled into the plot box. The x range
 * covers the start, the due date, every point and today; y runs from 0 to
 * the larger of the total and the highest point.
 */
export function outputChart(output, today, { left = 56, right = 590, top = 12, bottom = 170 } = {}) {
  if (!output) return null;
  const points = (output.points || []).filter((p) => isDate(p.date));
  const dates = [output.start_date, output.due_date, today, ...points.map((p) => p.date)];
  const range = dateRange(dates) || { from: today, to: today };
  const to = range.to === range.from ? addDays(range.from, 1) : range.to;
  const x = linear(dayNo(range.from), dayNo(to), left, right);
  const yMax = Math.max(1, Number(output.total) || 0, ...points.map((p) => Number(p.quantity) || 0));
  const y = linear(0, yMax, bottom, top);
  const at = (d) => (isDate(d) ? x(dayNo(d)) : null);
  const start = isDate(output.start_date) ? output.start_date : range.from;
  const due = isDate(output.due_date) ? output.due_date : to;
  return {
    range: { from: range.from, to },
    needed: { x1: at(start), y1: y(0), x2: at(due), y2: y(Number(output.total) || 0) },
    points: points.map((p) => ({ ...p, x: at(p.date), y: y(Number(p.quantity) || 0), needed: neededOn(output, p.date) })),
    path: points.map((p, i) => `${i ? 'L' : 'M'}${at(p.date).toFixed(1)},${y(Number(p.quantity) || 0).toFixed(1)}`).join(' '),
    today: at(today),
    yTicks: [0, Math.round(yMax / 2), yMax].map((v) => ({ v, y: y(v) })),
    xTicks: dateTicks(range.from, to, 4).map((d) => ({ date: d, x: at(d) })),
    bottom, top, left, right,
  };
}

/** The quantity the needed line asks for by the end of a date (0 before the start, the total from the due date on). */
export function neededOn(output, date) {
  const total = Number(output?.total) || 0;
  if (!isDate(date) || !isDate(output?.start_date) || !isDate(output?.due_date)) return null;
  const span = daysFrom(output.start_date, output.due_date);
  if (date >= output.due_date) return total;
  if (date <= output.start_date || span <= 0) return date >= output.due_date ? total : 0;
  return Math.round((total * daysFrom(output.start_date, date)) / span);
}
