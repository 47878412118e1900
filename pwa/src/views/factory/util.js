// Small helpers shared by the factory screens: loading JSON with the time it
// was fetched (a response the service worker served from its cache keeps
// the server's Date header, so an old one shows the data is not fresh),
// dates in the phone's own calendar, and texts that depend on the locale.
import { raw, ApiError, errorMessage } from '../../api.js';

/** GETs JSON; resolves {data, fetchedAt} (ms) or throws ApiError/NetworkError. */
export async function fetchJSON(url) {
  const res = await raw('GET', url);
  let data = null;
  try {
    data = await res.json();
  } catch {
    // not JSON
  }
  if (!res.ok) throw new ApiError(res.status, data, Number(res.headers.get('Retry-After')) || 0);
  const date = Date.parse(res.headers.get('Date') || '');
  return { data, fetchedAt: Number.isFinite(date) ? date : Date.now() };
}

/** Data older than this (server clock vs phone clock) came from the cache. */
export const STALE_MS = 5 * 60_000;

const pad = (n) => String(n).padStart(2, '0');

/** Today on the phone's calendar, YYYY-MM-DD. */
export function today(now = new Date()) {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whole days from a to b (YYYY-MM-DD). */
export function daysBetween(a, b) {
  const t = (s) => Date.UTC(+s.slice(0, 4), +s.slice(5, 7) - 1, +s.slice(8, 10));
  return Math.round((t(b) - t(a)) / 86_400_000);
}

/** A short date: "12月20日" / "Dec 20", with the year only when not this year's. */
export function shortDate(value, locale) {
  if (!value) return '';
  const d = new Date(value.length === 10 ? value + 'T00:00:00' : value);
  const opts = { month: 'short', day: 'numeric' };
  if (d.getFullYear() !== new Date().getFullYear()) opts.year = 'numeric';
  return new Intl.DateTimeFormat(locale, opts).format(d);
}

/** A step's name in the UI language (the API sends both). */
export function stepName(m, locale) {
  if (!m) return '';
  return locale === 'en' ? m.name_en || m.name : m.name || m.name_en;
}

/** Largest cumulative quantity the server accepts (Go integer maths). */
export function maxQuantity(orderQuantity, tolerancePct) {
  return Math.floor((orderQuantity * (100 + (tolerancePct || 0))) / 100);
}

/** Whole-number percentage for a progress bar, capped at 100. */
export function percent(done, total) {
  if (!total) return 0;
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)));
}

/** A unit's word in the UI language, when known ("pcs" → "件"). */
export function unitText(unit, t, te) {
  return unit && te(`factory.units.${unit}`) ? t(`factory.units.${unit}`) : unit || '';
}

/** A server (or outbox) error in the user's language, factory wording first. */
export function factoryError(err, t, te) {
  const code = err?.code;
  if (code && te(`factory.errors.${code}`)) return t(`factory.errors.${code}`);
  return errorMessage(err, t, te);
}
