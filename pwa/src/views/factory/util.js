// Small helpers shared by the factory screens: loading JSON with the time it
// was fetched (a response the service worker served from its cache keeps
// the server's Date header, so an old one shows the data is not fresh),
// short dates, quantities and texts that depend on the locale. Helpers of
// every screen (dates, names, error texts) are in src/lib/.
import { raw, ApiError } from '../../api.js';
import { errorText } from '../../lib/errors.js';

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
  // The service worker marks an answer it served from its cache.
  return { data, fetchedAt: Number.isFinite(date) ? date : Date.now(), cached: !!res.headers.get('X-Gendan-Cached-At') };
}

/** Data older than this (server clock vs phone clock) came from the cache. */
export const STALE_MS = 5 * 60_000;

/** A short date: "12月20日" / "Dec 20", with the year only when not this year's. */
export function shortDate(value, locale) {
  if (!value) return '';
  const d = new Date(value.length === 10 ? value + 'T00:00:00' : value);
  const opts = { month: 'short', day: 'numeric' };
  if (d.getFullYear() !== new Date().getFullYear()) opts.year = 'numeric';
  return new Intl.DateTimeFormat(locale, opts).format(d);
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

export { unitText } from '../../lib/names.js';

/** A server (or outbox) error in the user's language, factory wording first. */
export const factoryError = (err) => errorText(err, { prefer: ['factory.errors'] });
