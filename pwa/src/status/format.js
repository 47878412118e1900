// The customer's status page, its pure part: the token in the page's path,
// what an answer of the API means for the page (its state), dates in the
// reader's own format, and the language to show. No Vue here, so the unit
// tests read it as it is.

export const LANGS = ['en', 'zh-CN'];
const TOKEN = /^\/s\/([A-Za-z0-9_-]{16,128})\/?$/;

/** The link's token from a path such as /s/<token>; '' when there is none. */
export function tokenFromPath(pathname) {
  const m = TOKEN.exec(pathname || '');
  return m ? m[1] : '';
}

/** A supported language for a wish ('zh', 'zh-CN', 'en-GB', …), or ''. */
export function langOf(wish) {
  if (!wish) return '';
  if (/^zh\b/i.test(wish)) return 'zh-CN';
  if (/^en\b/i.test(wish)) return 'en';
  return '';
}

/**
 * The Intl locale that writes dates for a reader of lang: Chinese as
 * 2026年12月3日; English in the reader's own English (the browser's first
 * en-* language: en-GB gives 3 Dec 2026, en-US Dec 3, 2026), else 'en'.
 */
export function dateLocale(lang, languages = globalThis.navigator?.languages || []) {
  if (lang === 'zh-CN') return 'zh-CN';
  const en = [...languages].find((l) => /^en(-|$)/i.test(l));
  if (!en) return 'en';
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([en]).length ? en : 'en';
  } catch {
    return 'en';
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (YYYY-MM-DD) in the reader's format; '' for none. */
export function formatDay(value, locale) {
  const m = ISO_DATE.exec(value || '');
  if (!m) return value || '';
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** A time (RFC 3339) as a date and time on the reader's clock; '' for none. */
export function formatTime(value, locale, timeZone) {
  const t = Date.parse(value || '');
  if (!Number.isFinite(t)) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(t));
}

/** A number in the reader's format. */
export const formatNumber = (n, locale) => (n == null || n === '' ? '' : new Intl.NumberFormat(locale).format(Number(n)));

/**
 * What an API answer means for the page: {state, data, retryAfter}.
 * state: ready (data is the status), not_found, expired (410: expired or
 * withdrawn), rate_limited (429, retryAfter seconds) or error (anything
 * else: the page offers to try again).
 */
export function stateOf(status, body, retryAfter = 0) {
  if (status === 200 && body && typeof body === 'object' && body.po_number !== undefined) return { state: 'ready', data: body };
  const code = body?.error?.code || '';
  if (status === 410 || code === 'link_expired') return { state: 'expired' };
  if (status === 404) return { state: 'not_found' };
  if (status === 429 || code === 'rate_limited') {
    const s = Number(retryAfter);
    return { state: 'rate_limited', retryAfter: Number.isFinite(s) && s > 0 ? Math.ceil(s) : 0 };
  }
  return { state: 'error' };
}

/** The API address of a token's status, in a language when one is chosen. */
export function statusURL(token, lang) {
  const q = lang ? `?lang=${encodeURIComponent(lang)}` : '';
  return `/api/v1/public/status/${encodeURIComponent(token)}${q}`;
}

/** The words for the order's status: one of the known ones, else on_track's neighbour 'unknown'. */
export const STATUSES = ['on_track', 'needs_attention', 'delayed', 'completed', 'cancelled'];
export const statusKey = (s) => (STATUSES.includes(s) ? s : 'unknown');

/** A milestone's state, one of the known ones. */
export const STEP_STATES = ['done', 'in_progress', 'not_started', 'skipped'];
export const stepState = (s) => (STEP_STATES.includes(s) ? s : 'not_started');

/** A percent from 0 to 100, whole. */
export function percentOf(p) {
  const n = Number(p);
  if (!Number.isFinite(n)) return 0;
  return Math.max(0, Math.min(100, Math.round(n)));
}

/** Minutes (at least 1) to wait, from Retry-After seconds; 0 when unknown. */
export const waitMinutes = (seconds) => (seconds > 0 ? Math.max(1, Math.ceil(seconds / 60)) : 0);

/** Which sections the answer has (a section the link does not show is absent). */
export function sectionsOf(data) {
  if (!data) return [];
  return ['progress', 'samples', 'inspection', 'shipments'].filter((k) => Object.prototype.hasOwnProperty.call(data, k));
}
