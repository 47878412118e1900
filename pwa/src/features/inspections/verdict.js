// The inspection form's live preview of the verdict. It is a preview only:
// the server computes the result when the inspection is completed, and the
// screen shows the server's `result` as the verdict, never this one.
//
// Rules (DESIGN.md, the inspections contract):
// - a defective unit counts once, under its most serious defect: defect rows
//   sharing a piece label are one unit; a row without a label is `count`
//   units of its own severity;
// - a measured piece with any value outside spec ± tolerance is a major
//   defective unit (measurement piece i+1 is the piece labelled "i+1", so a
//   defect row on the same piece joins it);
// - per severity, found ≤ Ac passes and found ≥ Re fails; AQL "0" means
//   accept 0 / reject 1 at the largest sample;
// - a failed check (carton count, packing, …) fails the inspection.

export const SEVERITIES = ['critical', 'major', 'minor'];
const RANK = { critical: 3, major: 2, minor: 1 };
const EPSILON = 1e-9;

/** Cartons to open: at least √(total cartons), rounded up; 0 when unknown. */
export function cartonsToOpen(total) {
  const n = Number(total);
  if (!Number.isFinite(n) || n <= 0) return 0;
  return Math.ceil(Math.sqrt(Math.floor(n)) - EPSILON);
}

const isZeroAql = (aql) => aql !== undefined && aql !== null && aql !== '' && Number(aql) === 0;

/** The sample inspected: the largest sample of the plans (it serves them all). */
export function sampleSize(plans) {
  let n = 0;
  for (const s of SEVERITIES) n = Math.max(n, Number(plans?.[s]?.sample_size) || 0);
  return n;
}

/**
 * The plans as the preview uses them: {critical, major, minor}, each
 * {code_letter, sample_size, ac, re, full, aql} or null when unknown. A
 * severity at AQL "0" gets Ac 0 / Re 1 at the largest sample.
 */
export function normalisePlans(plans, aql = {}) {
  const out = {};
  const largest = sampleSize(plans);
  for (const s of SEVERITIES) {
    const p = plans?.[s] || null;
    const a = aql?.[s] ?? p?.aql;
    if (isZeroAql(a)) {
      out[s] = { ...(p || {}), aql: '0', ac: 0, re: 1, sample_size: largest || Number(p?.sample_size) || 0, full: !!(p?.full ?? p?.full_inspection) };
    } else if (p && Number.isFinite(Number(p.ac)) && Number.isFinite(Number(p.re))) {
      out[s] = { ...p, ac: Number(p.ac), re: Number(p.re), sample_size: Number(p.sample_size) || 0, full: !!(p.full ?? p.full_inspection) };
    } else out[s] = null;
  }
  return out;
}

const num = (v) => (v === '' || v === null || v === undefined ? NaN : Number(v));

/** Whether one measured value is outside spec ± tolerance (an empty one is not). */
export function outOfSpec(value, spec, tolerance) {
  const v = num(value);
  const s = num(spec);
  const t = Math.abs(num(tolerance));
  if (!Number.isFinite(v) || !Number.isFinite(s) || !Number.isFinite(t)) return false;
  return Math.abs(v - s) > t + EPSILON;
}

/** The pieces (0-based) with any value out of tolerance over all points of measure. */
export function piecesOutOfTolerance(measurements = []) {
  const out = new Set();
  for (const m of measurements || []) {
    (m.values || []).forEach((v, i) => {
      if (outOfSpec(v, m.spec, m.tolerance)) out.add(i);
    });
  }
  return [...out].sort((a, b) => a - b);
}

/** How many pieces of one point of measure are out of tolerance. */
export function outOfTolerance(m) {
  return (m?.values || []).filter((v) => outOfSpec(v, m.spec, m.tolerance)).length;
}

/**
 * Defective units per severity, after the most-serious-defect rule.
 * defects: [{severity, count, piece}], measurements: [{spec, tolerance, values}].
 */
export function foundUnits(defects = [], measurements = []) {
  const found = { critical: 0, major: 0, minor: 0 };
  const pieces = new Map(); // label -> most serious severity
  const mark = (label, sev) => {
    const have = pieces.get(label);
    if (!have || RANK[sev] > RANK[have]) pieces.set(label, sev);
  };
  for (const d of defects || []) {
    const sev = RANK[d.severity] ? d.severity : null;
    const count = Math.max(0, Math.floor(Number(d.count) || 0));
    if (!sev || !count) continue;
    const label = String(d.piece ?? '').trim();
    if (label) mark(label, sev);
    else found[sev] += count;
  }
  for (const i of piecesOutOfTolerance(measurements)) mark(String(i + 1), 'major');
  for (const sev of pieces.values()) found[sev]++;
  return found;
}

/**
 * The preview: per severity {found, ac, re, pass} (pass null without a
 * plan), the checks that failed, and overall 'pass' | 'fail' | null (null
 * while a plan is unknown and nothing has failed yet). As on the server, a
 * failed check fails the inspection too.
 */
export function preview({ plans, aql, defects, measurements, checks = [] }) {
  const p = normalisePlans(plans, aql);
  const found = foundUnits(defects, measurements);
  const bySeverity = {};
  let unknown = false;
  let failed = false;
  for (const s of SEVERITIES) {
    const plan = p[s];
    if (!plan) {
      bySeverity[s] = { found: found[s], ac: null, re: null, pass: null };
      unknown = true;
      continue;
    }
    const pass = found[s] <= plan.ac && found[s] < plan.re;
    if (!pass) failed = true;
    bySeverity[s] = { found: found[s], ac: plan.ac, re: plan.re, pass };
  }
  const failedChecks = (checks || []).filter((c) => c && c.passed === false).map((c) => c.kind);
  if (failedChecks.length) failed = true;
  return { found, bySeverity, failedChecks, result: failed ? 'fail' : unknown ? null : 'pass' };
}
