// An order's colour/size lines ({colour, size, quantity}).

/**
 * What changed between two line lists, per colour/size: [{colour, size,
 * from, to}] with from or to null for a line added or removed.
 */
export function lineChanges(from = [], to = []) {
  const key = (l) => `${l.colour}\u0000${l.size}`;
  const before = new Map(from.map((l) => [key(l), l]));
  const after = new Map(to.map((l) => [key(l), l]));
  const out = [];
  for (const l of to) {
    const o = before.get(key(l));
    if (!o) out.push({ colour: l.colour, size: l.size, from: null, to: l.quantity });
    else if (o.quantity !== l.quantity) out.push({ colour: l.colour, size: l.size, from: o.quantity, to: l.quantity });
  }
  for (const l of from) {
    if (!after.has(key(l))) out.push({ colour: l.colour, size: l.size, from: l.quantity, to: null });
  }
  return out;
}

/** The total quantity of a line list. */
export const linesTotal = (lines = []) => lines.reduce((n, l) => n + (Number(l.quantity) || 0), 0);
