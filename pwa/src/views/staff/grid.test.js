import { describe, it, expect } from 'vitest';
import { linesToGrid, gridToLines, gridTotals, addNames, splitNames, sameLines, gridErrors, lineField, cellKey } from './grid.js';

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

  it('places server field problems on cells, rows and columns', () => {
    const g = linesToGrid(lines);
    const { cells } = gridToLines(g);
    const range = { code: 'out_of_range', params: { min: 1, max: 10_000_000 } };
    const dup = { code: 'duplicate_line', params: { row: 1, colour: 'Navy', size: 'M' } };
    const required = { code: 'required' };
    const few = { code: 'too_few', params: { min: 1 } };
    const e = gridErrors({ 'lines[3].quantity': range, 'lines[1].size': dup, 'lines[2].colour': required, lines: few, po_number: required }, cells);
    expect(e.cells[cells[3].key]).toEqual({ field: 'quantity', problem: range });
    expect(e.sizes[g.sizes[1].id]).toBe(dup);
    expect(e.colours[g.colours[1].id]).toBe(required);
    expect(e.grid).toBe(few);
    expect(gridErrors({}, cells).grid).toBe(null);
    // A line the form did not send is a problem of the whole grid.
    expect(gridErrors({ 'lines[9].quantity': range }, cells).grid).toBe(range);
  });

  it('reads nested line field names', () => {
    expect(lineField('lines[12].quantity')).toEqual({ index: 12, field: 'quantity' });
    expect(lineField('lines')).toBe(null);
    expect(lineField('orders[0].po_number')).toBe(null);
  });
});
