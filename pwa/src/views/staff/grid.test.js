import { describe, it, expect } from 'vitest';
import { linesToGrid, gridToLines, gridTotals, addNames, splitNames, sameLines, gridErrors, lineChanges, cellKey } from './grid.js';

const lines = [
  { colour: 'Navy', size: 'S', quantity: 100 },
  { colour: 'Navy', size: 'M', quantity: 200 },
  { colour: 'Olive', size: 'S', quantity: 50 },
  { colour: 'Olive', size: 'L', quantity: 70 },
];

describe('order grid', () => {
  it('maps lines to a grid and back', () => {
    const g = linesToGrid(lines);
    expect(g.colours.map((c) => c.name)).toEqual(['Navy', 'Olive']);
    expect(g.sizes.map((s) => s.name)).toEqual(['S', 'M', 'L']);
    expect(g.qty[cellKey(g.colours[1], g.sizes[2])]).toBe('70');
    const { lines: back, cells } = gridToLines(g);
    expect(back).toEqual([lines[0], lines[1], lines[2], lines[3]]);
    expect(cells[3]).toEqual({ colour: g.colours[1].id, size: g.sizes[2].id, key: cellKey(g.colours[1], g.sizes[2]) });
  });

  it('skips blank and zero cells and totals rows and columns', () => {
    const g = linesToGrid([]);
    addNames(g.colours, 'Red, Blue');
    addNames(g.sizes, 'S，M、L');
    const [red, blue] = g.colours;
    const [s, m, l] = g.sizes;
    g.qty[cellKey(red, s)] = '10';
    g.qty[cellKey(red, m)] = '0';
    g.qty[cellKey(blue, l)] = ' 5 ';
    expect(gridToLines(g).lines).toEqual([
      { colour: 'Red', size: 'S', quantity: 10 },
      { colour: 'Blue', size: 'L', quantity: 5 },
    ]);
    const t = gridTotals(g);
    expect(t.total).toBe(15);
    expect(t.rows[red.id]).toBe(10);
    expect(t.cols[l.id]).toBe(5);
  });

  it('adds names once, whatever the separator or case', () => {
    expect(splitNames(' S, M ;L\nXL ')).toEqual(['S', 'M', 'L', 'XL']);
    const list = [{ id: 'a', name: 'Red' }];
    expect(addNames(list, 'red, Blue, blue').map((x) => x.name)).toEqual(['Blue']);
    expect(list.map((x) => x.name)).toEqual(['Red', 'Blue']);
  });

  it('compares lines regardless of order', () => {
    expect(sameLines(lines, [...lines].reverse())).toBe(true);
    expect(sameLines(lines, lines.slice(1))).toBe(false);
    expect(sameLines(lines, lines.map((l, i) => (i === 2 ? { ...l, quantity: 51 } : l)))).toBe(false);
  });

  it('places server errors on cells, rows and columns', () => {
    const g = linesToGrid(lines);
    const { cells } = gridToLines(g);
    const e = gridErrors({ 'lines[3].quantity': 'too many', 'lines[1].size': 'repeats line 1', 'lines[2].colour': 'is required', lines: 'x', po_number: 'y' }, cells);
    expect(e.cells[cells[3].key]).toEqual({ field: 'quantity', message: 'too many' });
    expect(e.sizes[g.sizes[1].id]).toBe('repeats line 1');
    expect(e.colours[g.colours[1].id]).toBe('is required');
    expect(e.grid).toBe('x');
  });

  it('lists what changed between two line lists', () => {
    const to = [{ ...lines[0], quantity: 120 }, lines[1], lines[2], { colour: 'Olive', size: 'M', quantity: 10 }];
    expect(lineChanges(lines, to)).toEqual([
      { colour: 'Navy', size: 'S', from: 100, to: 120 },
      { colour: 'Olive', size: 'M', from: null, to: 10 },
      { colour: 'Olive', size: 'L', from: 70, to: null },
    ]);
  });
});
