// One notification as the reader sees it: a sentence in their language
// built from its kind, the order's PO, the actor's name and the kind's data
// (texts: messages.js, `notifications.kind.*`), an icon and a tone. A kind
// this version does not know, a variant it does not know (a new sample
// decision) or data it cannot make a sentence of gets the generic text
// ("New update on order {po}"), never the raw code.
import { pickName } from '../../lib/names.js';

const P = 'notifications.';
const some = (v) => v !== undefined && v !== null && v !== '';
const oneOf = (v, list) => (list.includes(v) ? v : null);
const EXCERPT_MAX = 80;

// Per kind: icon (Vant icon name, or a function of data), tone ('good',
// 'bad' or none), variant (the sub-key of a kind with several sentences;
// null: data the sentence cannot use) and params (the sentence's params
// from data, or null when what it needs is missing). w: the word helpers.
const KINDS = {
  sample_submitted: {
    icon: 'photo-o',
    params: (d, w) => some(d.round) && { type: w.sample(d.sample_type, d), round: d.round },
  },
  sample_decided: {
    icon: 'certificate',
    tone: (d) => (d.status === 'rejected' ? 'bad' : 'good'),
    variant: (d) => oneOf(d.status, ['approved', 'approved_with_comments', 'rejected']),
    params: (d, w) => some(d.round) && { type: w.sample(d.sample_type, d), round: d.round },
  },
  inspection_booked: { icon: 'todo-list-o', params: (d, w) => some(d.date) && { type: w.insp(d.type), date: w.date(d.date) } },
  inspection_confirmed: { icon: 'todo-list-o', params: (d, w) => some(d.date) && { type: w.insp(d.type), date: w.date(d.date) } },
  inspection_assigned: { icon: 'todo-list-o', params: (d, w) => some(d.date) && { type: w.insp(d.type), date: w.date(d.date) } },
  inspection_result: {
    icon: (d) => (d.result === 'fail' ? 'warning-o' : 'passed'),
    tone: (d) => (d.result === 'fail' ? 'bad' : 'good'),
    variant: (d) => oneOf(d.result, ['pass', 'fail']),
    params: (d, w) => ({ type: w.insp(d.type) }),
  },
  delivery_booked: {
    icon: 'logistics',
    params: (d, w) => some(d.date) && some(d.quantity) && { date: w.date(d.date), quantity: w.num(d.quantity) },
  },
  delivery_confirmed: { icon: 'logistics', tone: () => 'good', params: (d, w) => some(d.date) && { date: w.date(d.date) } },
  delivery_rescheduled: {
    icon: 'logistics',
    variant: (d) => (some(d.from) && some(d.to) ? 'moved' : some(d.date) || some(d.to) ? 'plain' : null),
    params: (d, w) => ({ from: w.date(d.from), to: w.date(d.to), date: w.date(d.to || d.date) }),
  },
  delivery_rejected: {
    icon: 'logistics',
    tone: () => 'bad',
    variant: (d) => (some(d.reason) ? 'reason' : 'plain'),
    params: (d, w) => some(d.date) && { date: w.date(d.date), reason: String(d.reason ?? '') },
  },
  delivery_shipped: {
    icon: 'logistics',
    tone: () => 'good',
    params: (d, w) => some(d.date) && some(d.quantity) && { date: w.date(d.date), quantity: w.num(d.quantity) },
  },
  comment_added: { icon: 'comment-o', params: (d) => some(d.excerpt) && { excerpt: excerpt(d.excerpt) } },
  chase_logged: {
    icon: 'phone-o',
    variant: (d) => (some(d.promised_date) ? 'promised' : 'plain'),
    params: (d, w) => ({ channel: w.channel(d.channel), promised: w.date(d.promised_date) }),
  },
  order_revised: { icon: 'edit', params: (d) => some(d.revision) && { revision: d.revision } },
  order_cancelled: {
    icon: 'close',
    tone: () => 'bad',
    variant: (d) => (some(d.reason) ? 'reason' : 'plain'),
    params: (d) => ({ reason: String(d.reason ?? '') }),
  },
  risk_worse: {
    icon: 'warning-o',
    tone: () => 'bad',
    params: (d, w) => some(d.from) && some(d.to) && w.level(d.from) && w.level(d.to) && { from: w.level(d.from), to: w.level(d.to) },
  },
  step_overdue: {
    icon: 'clock-o',
    tone: () => 'bad',
    params: (d, w) => {
      const step = pickName(d.step, d.step_en, w.locale, '');
      return step && some(d.days) && { step, days: d.days };
    },
    count: (d) => Number(d.days),
  },
  risk_digest: {
    icon: 'chart-trending-o',
    tone: () => 'bad',
    params: (d) => some(d.late) && some(d.at_risk) && { late: d.late, at_risk: d.at_risk },
  },
  progress_reported: {
    icon: 'bar-chart-o',
    variant: (d) => (d.done === true ? 'done' : some(d.quantity) ? 'quantity' : 'plain'),
    params: (d, w) => {
      const step = pickName(d.step, d.step_en, w.locale, '');
      return step && { step, quantity: some(d.quantity) ? w.num(d.quantity) : '' };
    },
  },
  material_eta_changed: {
    icon: 'calendar-o',
    variant: (d) => oneOf(d.field, ['promised_date', 'eta']),
    params: (d, w) => some(d.po_number) && some(d.to) && { material_po: d.po_number, date: w.date(d.to), reason: w.word('materialReason', d.reason_code, 'materialReasonAny') },
  },
  material_shipped: { icon: 'logistics', params: (d, w) => some(d.po_number) && some(d.eta) && { material_po: d.po_number, date: w.date(d.eta) } },
  material_inspection_failed: {
    icon: 'warning-o',
    tone: () => 'bad',
    params: (d) => some(d.po_number) && some(d.item) && { material_po: d.po_number, item: String(d.item) },
  },
  material_not_ready: {
    icon: 'warning-o',
    tone: () => 'bad',
    params: (d, w) => {
      const step = pickName(d.step, d.step_en, w.locale, '');
      return step && some(d.items) && { step, items: String(d.items) };
    },
  },
  material_po_due: { icon: 'clock-o', params: (d, w) => some(d.po_number) && some(d.promised_date) && { material_po: d.po_number, date: w.date(d.promised_date) } },
  complaint_received: {
    icon: 'warning-o',
    tone: () => 'bad',
    params: (d, w) => some(d.affected_qty) && { severity: w.word('severity', d.severity, 'severityAny'), quantity: w.num(d.affected_qty) },
  },
  complaint_answered: { icon: 'comment-o', params: () => ({}) },
  capa_changed: {
    icon: 'passed',
    tone: (d) => (d.status === 'verified' ? 'good' : d.status === 'open' ? 'bad' : ''),
    variant: (d) => oneOf(d.status, ['open', 'done', 'verified']),
    params: () => ({}),
  },
  resolution_added: {
    icon: 'records-o',
    params: (d, w) => some(d.quantity) && { kind: w.word('resolutionKind', d.kind, 'resolutionKindAny'), quantity: w.num(d.quantity) },
  },
  chargeback_acknowledged: { icon: 'balance-o', tone: () => 'good', params: (d) => some(d.amount) && { amount: String(d.amount) } },
  escalated: {
    icon: 'fire-o',
    tone: () => 'bad',
    variant: (d) => (d.trigger === 'comment' ? 'comment' : 'chase'),
    params: (d) => some(d.step) && some(d.hours) && { step: d.step, hours: d.hours },
  },
};

/** The kinds of the in-app API this version has sentences for. */
export const KNOWN_KINDS = Object.keys(KINDS);

/** A comment's excerpt on one line, at most EXCERPT_MAX characters. */
export function excerpt(s) {
  const one = String(s).replace(/\s+/g, ' ').trim();
  const chars = [...one];
  return chars.length > EXCERPT_MAX ? chars.slice(0, EXCERPT_MAX - 1).join('') + '…' : one;
}

function words({ t, te, locale: l }) {
  // useI18n() gives the locale as a ref, the tests a string.
  const locale = l && typeof l === 'object' && 'value' in l ? l.value : l;
  const word = (table, code, any) => (some(code) && te(P + table + '.' + code) ? t(P + table + '.' + code) : t(P + any));
  return {
    locale,
    // A sample type of the admins' own has its names in the data (name, name_en).
    sample: (c, d = {}) => (some(c) && te(P + 'sampleType.' + c)) || !pickName(d.name, d.name_en, locale)
      ? word('sampleType', c, 'sampleTypeAny')
      : pickName(d.name, d.name_en, locale),
    insp: (c) => word('inspType', c, 'inspTypeAny'),
    channel: (c) => word('channel', c, 'channelAny'),
    word,
    level: (c) => (some(c) && te(P + 'level.' + c) ? t(P + 'level.' + c) : ''),
    date: (v) => formatDay(v, locale),
    num: (v) => (Number.isFinite(Number(v)) ? new Intl.NumberFormat(locale).format(Number(v)) : String(v)),
  };
}

/** A YYYY-MM-DD (or RFC 3339) date in the locale's medium style; '' when blank, as sent when not a date. */
export function formatDay(v, locale) {
  if (!some(v)) return '';
  const s = String(v);
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? s + 'T00:00:00' : s);
  return Number.isNaN(d.getTime()) ? s : new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d);
}

/**
 * A notification's sentence, icon and tone in the reader's language.
 * i18n: {t, te, locale} (useI18n(), or a locale string with t and te).
 * Resolves {text, icon, tone, known} (known: the kind had its own sentence).
 */
export function describe(n, i18n) {
  const { t } = i18n;
  const po = n?.order?.po_number || '';
  const actor = n?.actor?.name || t(P + 'someone');
  const spec = Object.hasOwn(KINDS, n?.kind) ? KINDS[n.kind] : null;
  const data = n?.data && typeof n.data === 'object' ? n.data : {};
  const generic = () => ({ text: po ? t(P + 'generic', { po }) : t(P + 'genericNoOrder'), icon: 'bell', tone: '', known: false });
  if (!spec || !po) return generic();
  const variant = spec.variant ? spec.variant(data) : '';
  if (variant === null) return generic();
  const params = spec.params(data, words(i18n));
  if (!params) return generic();
  const key = P + 'kind.' + n.kind + (variant ? '.' + variant : '');
  const all = { ...params, po, actor };
  const text = spec.count ? t(key, all, spec.count(data)) : t(key, all);
  const icon = typeof spec.icon === 'function' ? spec.icon(data) : spec.icon;
  return { text, icon, tone: spec.tone ? spec.tone(data) : '', known: true };
}

/**
 * When something happened, said relative to now in the locale ("3 分钟前",
 * "yesterday"); past a week, the date. justNow: the text for under a minute.
 */
export function relativeTime(iso, now, locale, justNow) {
  const at = new Date(iso).getTime();
  if (!Number.isFinite(at)) return '';
  const s = Math.round((now - at) / 1000);
  if (s < 60) return justNow;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (s < 3600) return rtf.format(-Math.floor(s / 60), 'minute');
  if (s < 86400) return rtf.format(-Math.floor(s / 3600), 'hour');
  if (s < 7 * 86400) return rtf.format(-Math.floor(s / 86400), 'day');
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(at));
}

/** Where tapping a notification goes: its path when it is one of this app's, else its order, else nowhere (null). */
export function targetPath(n) {
  const p = n?.path;
  if (typeof p === 'string' && /^\/(?![/\\])[^\s\\]*$/.test(p)) return p;
  return n?.order?.id ? `/orders/${n.order.id}` : null;
}
