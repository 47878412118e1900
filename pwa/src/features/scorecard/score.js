// Pure helpers of the scorecard screen: the figures as texts and the
// monthly trend's geometry. The figures' definitions are the server's
// (models/scorecard.go, the ScorecardFigures schema).

/** The tiles, in order: a rate shows pct % and n/N, an average its value and total/count. */
export const TILES = [
  { key: 'on_time_baseline', kind: 'rate' },
  { key: 'on_time_latest', kind: 'rate' },
  { key: 'date_changes', kind: 'average' },
  { key: 'days_late', kind: 'average' },
  { key: 'sample_first_round', kind: 'rate' },
  { key: 'fri_first_pass', kind: 'rate' },
  { key: 'reporting', kind: 'rate' },
  { key: 'chases', kind: 'average' },
];

const num = (v, locale, digits) => Number(v).toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A rate's percentage ("83.3%"), or "—" when nothing was counted. */
export function pctText(r, locale) {
  return r && r.pct != null ? num(r.pct, locale, r.pct % 1 ? 1 : 0) + '%' : '—';
}

/** An average with up to two decimals, or "—" when the count is 0. */
export function averageText(a, locale) {
  if (!a || a.average == null) return '—';
  return Number(a.average).toLocaleString(locale, { maximumFractionDigits: 2 });
}

/** n/N of a rate, total/count of an average. */
export function partsText(x, kind, locale) {
  if (!x) return '';
  const [a, b] = kind === 'rate' ? [x.numerator, x.denominator] : [x.total, x.count];
  return `${num(a, locale, 0)} / ${num(b, locale, 0)}`;
}

/**
 * A rate's tone: good from 90 %, fair from 70 %, else poor; none when null.
 * For averages (fewer is better) there is no tone.
 */
export function tone(x, kind) {
  if (kind !== 'rate' || !x || x.pct == null) return 'none';
  return x.pct >= 90 ? 'good' : x.pct >= 70 ? 'fair' : 'poor';
}

const pad = (n) => String(n).padStart(2, '0');

/** The default range: twelve calendar months up to today (YYYY-MM-DD). */
export function defaultRange(today) {
  const y = +today.slice(0, 4);
  const m = +today.slice(5, 7) - 11;
  const d = new Date(Date.UTC(y, m - 1, 1));
  return { from: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-01`, to: today };
}

/** A YYYY-MM month as a short label ("1月", "Jan"), with the year when asked. */
export function monthLabel(month, locale, withYear = false) {
  const d = new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7) - 1, 1));
  const opts = withYear ? { year: 'numeric', month: 'short', timeZone: 'UTC' } : { month: 'short', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale, opts).format(d);
}

/**
 * The trend's bars: per month two bars (on time against the baseline and
 * against the latest date), heights in a plot of `height` px, each month
 * `slot` px wide. A month without a denominator gets no bar (null).
 */
export function trendBars(months, { slot = 28, height = 100, gap = 2 } = {}) {
  const bar = (slot - 3 * gap) / 2;
  const h = (r) => (r && r.pct != null ? Math.max(1, (r.pct / 100) * height) : null);
  return (months || []).map((m, i) => {
    const x = i * slot + gap;
    const hb = h(m.on_time_baseline);
    const hl = h(m.on_time_latest);
    return {
      month: m.month,
      baseline: hb == null ? null : { x, y: height - hb, w: bar, h: hb, pct: m.on_time_baseline.pct },
      latest: hl == null ? null : { x: x + bar + gap, y: height - hl, w: bar, h: hl, pct: m.on_time_latest.pct },
      cx: i * slot + slot / 2,
    };
  });
}

/** Whether the range's months would crowd a phone: label every other one then. */
export const labelEvery = (n) => (n > 18 ? 3 : n > 12 ? 2 : 1);
