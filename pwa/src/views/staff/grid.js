// The colour × size grid of an order: colours are rows, sizes are columns,
// a cell is a quantity. The API stores the grid as `lines` [{colour, size,
// quantity}]; these functions map one to the other, and a server error on
// "lines[3].quantity" back to the cell it came from.

let seq = 0;
const nextId = () => `g${++seq}`;

/** A grid from an order's lines (colours and sizes in first-seen order). */
export function linesToGrid(lines = []) {
  const colours = [];
  const sizes = [];
  const byColour = new Map();
  const bySize = new Map();
  const qty = {};
  for (const l of lines) {
    if (!byColour.has(l.colour)) {
      const c = { id: nextId(), name: l.colour };
      byColour.set(l.colour, c);
      colours.push(c);
    }
    if (!bySize.has(l.size)) {
      const s = { id: nextId(), name: l.size };
      bySize.set(l.size, s);
      sizes.push(s);
    }
    qty[cellKey(byColour.get(l.colour), bySize.get(l.size))] = String(l.quantity);
  }
  return { colours, sizes, qty };
}

export const cellKey = (colour, size) => `${colour.id}:${size.id}`;

/** Splits what was typed into an "add colour/size" box: "S, M，L" → three. */
export function splitNames(text) {
  return String(text).split(/[,，、;；\n\t]+/).map((s) => s.trim()).filter(Boolean);
}

/** Adds colours (rows) or sizes (columns) by name; names already there are skipped. */
export function addNames(list, text) {
  const have = new Set(list.map((x) => x.name.trim().toLowerCase()));
  const added = [];
  for (const name of splitNames(text)) {
    const k = name.toLowerCase();
    if (have.has(k)) continue;
    have.add(k);
    const item = { id: nextId(), name };
    list.push(item);
    added.push(item);
  }
  return added;
}

/** The number in a cell, or 0 when blank. */
export function cellQty(v) {
  const s = String(v ?? '').trim();
  return s === '' ? 0 : Number(s);
}

/**
 * The lines of a grid, row by row; blank and zero cells are no line. cells
 * says which cell each line came from, to place the server's errors.
 */
export function gridToLines(grid) {
  const lines = [];
  const cells = [];
  for (const c of grid.colours) {
    for (const s of grid.sizes) {
      const q = cellQty(grid.qty[cellKey(c, s)]);
      if (!q) continue;
      lines.push({ colour: c.name.trim(), size: s.name.trim(), quantity: q });
      cells.push({ colour: c.id, size: s.id, key: cellKey(c, s) });
    }
  }
  return { lines, cells };
}

/** Totals per colour, per size and overall. */
export function gridTotals(grid) {
  const rows = {};
  const cols = {};
  let total = 0;
  for (const c of grid.colours) {
    for (const s of grid.sizes) {
      const q = cellQty(grid.qty[cellKey(c, s)]) || 0;
      rows[c.id] = (rows[c.id] || 0) + q;
      cols[s.id] = (cols[s.id] || 0) + q;
      total += q;
    }
  }
  return { rows, cols, total };
}

/** Whether two line lists hold the same colour/size quantities, in any order. */
export function sameLines(a = [], b = []) {
  if (a.length !== b.length) return false;
  const key = (l) => `${l.colour.trim().toLowerCase()}\u0000${l.size.trim().toLowerCase()}`;
  const m = new Map(a.map((l) => [key(l), l]));
  return b.every((l) => {
    const o = m.get(key(l));
    return o && o.colour.trim() === l.colour.trim() && o.size.trim() === l.size.trim() && Number(o.quantity) === Number(l.quantity);
  });
}

/** The line index and its field of a server field name such as "lines[3].quantity". */
export function lineField(name) {
  const m = /^lines\[(\d+)\]\.(\w+)$/.exec(name);
  return m ? { index: Number(m[1]), field: m[2] } : null;
}

/**
 * Places a validation error's field problems ({code, params}) on the grid:
 * "lines[3].quantity" marks the cell of the fourth line sent; a colour or
 * size problem marks that row or column as well. "lines" itself is a
 * problem of the whole grid (grid is null when there is none).
 */
export function gridErrors(fields = {}, cells = []) {
  const out = { cells: {}, colours: {}, sizes: {}, grid: null };
  for (const [name, problem] of Object.entries(fields)) {
    if (name === 'lines') {
      out.grid = problem;
      continue;
    }
    const at = lineField(name);
    if (!at) continue;
    const cell = cells[at.index];
    if (!cell) {
      out.grid = out.grid || problem;
      continue;
    }
    out.cells[cell.key] = { field: at.field, problem };
    if (at.field === 'colour') out.colours[cell.colour] = problem;
    if (at.field === 'size') out.sizes[cell.size] = problem;
  }
  return out;
}
