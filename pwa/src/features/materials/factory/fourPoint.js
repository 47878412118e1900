// The four-point system (ASTM D5430) for the live preview on the phone: the
// same rule as the server's (models/material_inspect.go), in integers, so a
// preview never disagrees with it by a rounding. The server's answer is the
// result; this only says what it will be while the rolls are typed.
//
//   a defect by its length: ≤ 3 in → 1, ≤ 6 → 2, ≤ 9 → 3, longer → 4
//   a hole: ≤ 1 in → 2, larger → 4
//   at most 4 points in one linear yard of a roll
//   points per 100 sq yd = points × 3600 / (yards × cuttable width in inches),
//   2 decimals rounded up; over several rolls, Σ points × 3600 / Σ (yards × width)
//   pass at ≤ the customer's threshold (40 by default); a lot that passes on
//   points but fails shade, width or weight is `conditional`.

export const DEFAULT_THRESHOLD = 40;
export const MAX_PER_YARD = 4;

/** A decimal string ("2.5", "58", "1250.50") as an integer in hundredths; null when not one. */
export function toE2(value) {
  const s = String(value ?? '').trim();
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] || '').padEnd(2, '0'));
}

/** Hundredths as a decimal string with 2 decimals: 4014 → "40.14". */
export function fromE2(n) {
  const neg = n < 0;
  const a = Math.abs(Math.trunc(n));
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Points of one defect {length_in, hole}; 0 when its length is not a number above 0. */
export function defectPoints({ length_in: len, hole = false } = {}) {
  const l = toE2(len);
  if (l === null || l <= 0) return 0;
  if (hole) return l <= 100 ? 2 : 4;
  if (l <= 300) return 1;
  if (l <= 600) return 2;
  if (l <= 900) return 3;
  return 4;
}

/** A roll's points after the cap of four per linear yard. */
export function rollPoints(defects = []) {
  const byYard = new Map();
  for (const d of defects) {
    const y = Number(d.yard) || 0;
    byYard.set(y, (byYard.get(y) || 0) + defectPoints(d));
  }
  let sum = 0;
  for (const p of byYard.values()) sum += Math.min(MAX_PER_YARD, p);
  return sum;
}

/**
 * Points per 100 square yards in hundredths, rounded up (as the server
 * does, so a lot a hair above the pass mark never shows as on it), for
 * points over an area given as Σ yards_E2 × width_E2; null for no area.
 */
export function per100E2(points, areaE4) {
  if (!areaE4 || areaE4 <= 0n) return null;
  // points × 3600 / (yards × width) with yards and width in hundredths: × 10^4; × 100 for hundredths.
  const num = BigInt(points) * 3600n * 10000n * 100n;
  const area = BigInt(areaE4);
  return Number((num + area - 1n) / area);
}

/**
 * The preview of a fabric inspection: per roll {points, per100, ok, checksOk},
 * the lot's total points, points per 100 sq yd (a decimal string, '' while
 * no roll has yards and width), and the result pass | fail | conditional
 * ('' while nothing can be judged).
 */
export function fourPoint(rolls = [], threshold = DEFAULT_THRESHOLD) {
  const limit = Number.isFinite(Number(threshold)) && threshold !== null && threshold !== '' ? Number(threshold) : DEFAULT_THRESHOLD;
  let total = 0;
  let area = 0n;
  let checks = true;
  const out = rolls.map((r) => {
    const points = rollPoints(r.defects || []);
    const y = toE2(r.yards);
    const w = toE2(r.width_in);
    const a = y && w ? BigInt(y) * BigInt(w) : 0n;
    const p = per100E2(points, a);
    total += points;
    area += a;
    const checksOk = r.shade_ok !== false && r.width_ok !== false && r.weight_ok !== false;
    if (!checksOk) checks = false;
    return { points, per100: p === null ? '' : fromE2(p), ok: p === null ? null : p <= limit * 100, checksOk };
  });
  const lot = per100E2(total, area);
  let result = '';
  if (lot !== null) result = lot > limit * 100 ? 'fail' : checks ? 'pass' : 'conditional';
  const yards = rolls.reduce((n, r) => n + (toE2(r.yards) || 0), 0);
  return { rolls: out, totalPoints: total, yards: fromE2(yards), per100: lot === null ? '' : fromE2(lot), threshold: limit, result };
}

// The quick buttons of the phone form: one tap adds a defect of that band at
// the yard being inspected, with the band's upper length (so the server
// scores it the same).
export const QUICK = [
  { id: 'b1', length_in: '3', hole: false, points: 1 },
  { id: 'b2', length_in: '6', hole: false, points: 2 },
  { id: 'b3', length_in: '9', hole: false, points: 3 },
  { id: 'b4', length_in: '10', hole: false, points: 4 },
  { id: 'h1', length_in: '1', hole: true, points: 2 },
  { id: 'h2', length_in: '2', hole: true, points: 4 },
];
