// Packing-list (装箱单) arithmetic, no Vue: carton ranges {from, to,
// colour, size, pieces, net_kg, gross_kg, length_cm, width_cm, height_cm}
// (each carton of a range alike), their totals, the totals per colour/size
// against what is expected, and the editor's moves: continue the
// numbering, same as the previous range, keep the ranges gapless.

const num = (v) => {
  const n = Number(String(v ?? '').trim().replace(',', '.'));
  return Number.isFinite(n) ? n : 0;
};
const round = (n, d) => Math.round(n * 10 ** d) / 10 ** d;
export const lineKey = (colour, size) => `${colour}\u0000${size}`;

/** How many cartons a range holds (0 for a range that runs backwards). */
export const cartonsOf = (r) => Math.max(0, Math.trunc(num(r.to)) - Math.trunc(num(r.from)) + 1);

/** One carton's volume in m³ (L × W × H cm / 1 000 000), 3 decimals. */
export const cartonCBM = (r) => round((num(r.length_cm) * num(r.width_cm) * num(r.height_cm)) / 1e6, 3);

/** A range's totals: cartons, pieces, net and gross kg, CBM. */
export function rangeTotals(r) {
  const n = cartonsOf(r);
  return {
    cartons: n,
    pieces: n * Math.trunc(num(r.pieces)),
    net_kg: round(n * num(r.net_kg), 2),
    gross_kg: round(n * num(r.gross_kg), 2),
    cbm: round((n * num(r.length_cm) * num(r.width_cm) * num(r.height_cm)) / 1e6, 3),
  };
}

/** The whole list's totals (as the server's packing.totals). */
export function totals(ranges = []) {
  const t = { cartons: 0, pieces: 0, net_kg: 0, gross_kg: 0, cbm: 0 };
  let cbm = 0;
  for (const r of ranges) {
    const x = rangeTotals(r);
    t.cartons += x.cartons;
    t.pieces += x.pieces;
    t.net_kg += x.net_kg;
    t.gross_kg += x.gross_kg;
    cbm += cartonsOf(r) * num(r.length_cm) * num(r.width_cm) * num(r.height_cm);
  }
  t.net_kg = round(t.net_kg, 2);
  t.gross_kg = round(t.gross_kg, 2);
  t.cbm = round(cbm / 1e6, 3);
  return t;
}

/**
 * Pieces packed per colour/size against the expected lines
 * ([{colour, size, quantity}]): one row per line of either, in the
 * expected lines' order, {colour, size, packed, expected, ok}.
 */
export function byLine(ranges = [], expected = []) {
  const rows = new Map();
  for (const l of expected) rows.set(lineKey(l.colour, l.size), { colour: l.colour, size: l.size, packed: 0, expected: Number(l.quantity) || 0 });
  for (const r of ranges) {
    if (!r.colour && !r.size) continue;
    const k = lineKey(r.colour, r.size);
    if (!rows.has(k)) rows.set(k, { colour: r.colour, size: r.size, packed: 0, expected: 0 });
    rows.get(k).packed += rangeTotals(r).pieces;
  }
  return [...rows.values()].map((x) => ({ ...x, ok: x.packed === x.expected }));
}

/** The rows of byLine that do not match. */
export const mismatches = (ranges, expected) => byLine(ranges, expected).filter((x) => !x.ok);

const blank = { colour: '', size: '', pieces: '', net_kg: '', gross_kg: '', length_cm: '', width_cm: '', height_cm: '' };

/**
 * A new range that continues the numbering: one carton after the last
 * range (carton 1 for an empty list), its other fields from `fill`.
 */
export function nextRange(ranges = [], fill = {}) {
  const last = ranges[ranges.length - 1];
  const from = last ? Math.trunc(num(last.to)) + 1 : 1;
  return { ...blank, ...fill, from, to: from };
}

/**
 * "Same as previous": a copy of the last range on the next carton numbers,
 * as many cartons as it has (a range 1–5 gives 6–10).
 */
export function sameAsPrevious(ranges = []) {
  const last = ranges[ranges.length - 1];
  if (!last) return nextRange(ranges);
  const n = Math.max(1, cartonsOf(last));
  const from = Math.trunc(num(last.to)) + 1;
  return { ...last, from, to: from + n - 1 };
}

/**
 * The ranges renumbered from carton 1 with no gap, each keeping its number
 * of cartons (at least one): after a range's end changed or a range was
 * removed.
 */
export function renumber(ranges = []) {
  let next = 1;
  return ranges.map((r) => {
    const n = Math.max(1, cartonsOf(r));
    const out = { ...r, from: next, to: next + n - 1 };
    next += n;
    return out;
  });
}

/**
 * What is wrong with each range before it is sent, as the server would
 * say it: [{index, field, code, params}] (carton_sequence, required,
 * out_of_range, gross_below_net, unknown_line).
 */
export function problems(ranges = [], lines = []) {
  const known = new Set(lines.map((l) => lineKey(l.colour, l.size)));
  const out = [];
  let expected = 1;
  ranges.forEach((r, index) => {
    const from = Math.trunc(num(r.from));
    const to = Math.trunc(num(r.to));
    if (from !== expected) out.push({ index, field: 'from', code: 'carton_sequence', params: { expected } });
    if (to < from) out.push({ index, field: 'to', code: 'carton_sequence', params: { expected: from } });
    expected = Math.max(to, from) + 1;
    if (!r.colour || !r.size) out.push({ index, field: 'colour', code: 'required' });
    else if (lines.length && !known.has(lineKey(r.colour, r.size))) out.push({ index, field: 'colour', code: 'unknown_line' });
    if (!(Math.trunc(num(r.pieces)) >= 1)) out.push({ index, field: 'pieces', code: 'required' });
    if (num(r.gross_kg) < num(r.net_kg)) out.push({ index, field: 'gross_kg', code: 'gross_below_net' });
  });
  return out;
}

/** The ranges as the API takes them: numbers, not the editor's strings. */
export function toAPI(ranges = []) {
  return ranges.map((r) => ({
    from: Math.trunc(num(r.from)),
    to: Math.trunc(num(r.to)),
    colour: r.colour,
    size: r.size,
    pieces: Math.trunc(num(r.pieces)),
    net_kg: round(num(r.net_kg), 2),
    gross_kg: round(num(r.gross_kg), 2),
    length_cm: Math.trunc(num(r.length_cm)),
    width_cm: Math.trunc(num(r.width_cm)),
    height_cm: Math.trunc(num(r.height_cm)),
  }));
}

/** The API's ranges as the editor's (strings in the inputs). */
export const fromAPI = (ranges = []) => ranges.map((r) => ({
  ...r,
  pieces: String(r.pieces ?? ''),
  net_kg: String(r.net_kg ?? ''),
  gross_kg: String(r.gross_kg ?? ''),
  length_cm: String(r.length_cm ?? ''),
  width_cm: String(r.width_cm ?? ''),
  height_cm: String(r.height_cm ?? ''),
}));
