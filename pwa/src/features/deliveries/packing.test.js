// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { cartonsOf, cartonCBM, rangeTotals, totals, byLine, mismatches, nextRange, sameAsPrevious, renumber, problems, toAPI, fromAPI } from './packing.js';

const r = (from, to, colour = 'Navy', size = 'M', o = {}) => ({
  from, to, colour, size, pieces: 20, net_kg: 11, gross_kg: 12.05, length_cm: 60, width_cm: 40, height_cm: 40, ...o,
});
const lines = [{ colour: 'Navy', size: 'M', quantity: 100 }, { colour: 'Navy', size: 'L', quantity: 40 }];

describe('one range', () => {
  it('counts cartons, inclusive', () => {
    expect(cartonsOf(r(1, 5))).toBe(5);
    expect(cartonsOf(r(6, 6))).toBe(1);
    expect(cartonsOf(r(6, 5))).toBe(0);
    expect(cartonsOf({ from: '3', to: '7' })).toBe(5);
  });
  it('works out CBM from L×W×H cm', () => {
    expect(cartonCBM(r(1, 1))).toBe(0.096);
    expect(cartonCBM(r(1, 1, 'a', 'b', { length_cm: 58, width_cm: 38, height_cm: 32 }))).toBe(0.071); // 0.070528
    expect(cartonCBM({})).toBe(0);
  });
  it('totals a range', () => {
    expect(rangeTotals(r(1, 5))).toEqual({ cartons: 5, pieces: 100, net_kg: 55, gross_kg: 60.25, cbm: 0.48 });
  });
  it('reads the editor strings (comma decimals too)', () => {
    expect(rangeTotals({ from: '1', to: '2', pieces: '10', net_kg: '5,5', gross_kg: '6.25', length_cm: '50', width_cm: '40', height_cm: '30' }))
      .toEqual({ cartons: 2, pieces: 20, net_kg: 11, gross_kg: 12.5, cbm: 0.12 });
  });
});

describe('the list', () => {
  const list = [r(1, 5), r(6, 7, 'Navy', 'L')];
  it('totals every range', () => {
    expect(totals(list)).toEqual({ cartons: 7, pieces: 140, net_kg: 77, gross_kg: 84.35, cbm: 0.672 });
    expect(totals([])).toEqual({ cartons: 0, pieces: 0, net_kg: 0, gross_kg: 0, cbm: 0 });
  });
  it('rounds CBM once, on the sum', () => {
    const tiny = [r(1, 3, 'Navy', 'M', { length_cm: 11, width_cm: 11, height_cm: 11 })]; // 3 × 0.001331
    expect(totals(tiny).cbm).toBe(0.004);
  });
  it('compares per colour/size with the expected lines', () => {
    expect(byLine(list, lines)).toEqual([
      { colour: 'Navy', size: 'M', packed: 100, expected: 100, ok: true },
      { colour: 'Navy', size: 'L', packed: 40, expected: 40, ok: true },
    ]);
    expect(mismatches(list, lines)).toEqual([]);
  });
  it('shows a short line, a missing line and one not expected', () => {
    const off = [r(1, 4), r(5, 5, 'Red', 'S')];
    expect(mismatches(off, lines)).toEqual([
      { colour: 'Navy', size: 'M', packed: 80, expected: 100, ok: false },
      { colour: 'Navy', size: 'L', packed: 0, expected: 40, ok: false },
      { colour: 'Red', size: 'S', packed: 20, expected: 0, ok: false },
    ]);
  });
  it('leaves out a range with no line chosen yet', () => {
    expect(byLine([nextRange([])], lines).map((x) => x.packed)).toEqual([0, 0]);
  });
});

describe('editing', () => {
  it('continues the numbering when a range is added', () => {
    expect(nextRange([])).toMatchObject({ from: 1, to: 1, colour: '' });
    expect(nextRange([r(1, 5)])).toMatchObject({ from: 6, to: 6 });
    expect(nextRange([r(1, 5), r(6, 12)], { colour: 'Navy', size: 'L' })).toMatchObject({ from: 13, to: 13, colour: 'Navy', size: 'L' });
  });
  it('"same as previous" copies the last range onto the next cartons', () => {
    const copy = sameAsPrevious([r(1, 5, 'Navy', 'M', { pieces: 24 })]);
    expect(copy).toEqual({ ...r(6, 10, 'Navy', 'M', { pieces: 24 }) });
    expect(sameAsPrevious([r(1, 5), r(6, 6, 'Navy', 'L')])).toMatchObject({ from: 7, to: 7, size: 'L' });
    expect(sameAsPrevious([])).toMatchObject({ from: 1, to: 1 });
  });
  it('"same as previous" twice keeps going', () => {
    const a = [r(1, 3)];
    a.push(sameAsPrevious(a));
    a.push(sameAsPrevious(a));
    expect(a.map((x) => [x.from, x.to])).toEqual([[1, 3], [4, 6], [7, 9]]);
    expect(totals(a).pieces).toBe(180);
  });
  it('renumbers without gaps, keeping each range\'s cartons', () => {
    const a = [r(1, 5), r(9, 10), r(11, 11)];
    expect(renumber(a).map((x) => [x.from, x.to])).toEqual([[1, 5], [6, 7], [8, 8]]);
    // A range whose end was made longer pushes the next ones on.
    expect(renumber([r(1, 8), r(6, 10)]).map((x) => [x.from, x.to])).toEqual([[1, 8], [9, 13]]);
    // One that runs backwards keeps one carton.
    expect(renumber([r(1, 0)]).map((x) => [x.from, x.to])).toEqual([[1, 1]]);
  });
});

describe('problems', () => {
  it('finds none in a good list', () => expect(problems([r(1, 5), r(6, 7, 'Navy', 'L')], lines)).toEqual([]));
  it('says where the numbering breaks', () => {
    expect(problems([r(2, 5)], lines)).toEqual([{ index: 0, field: 'from', code: 'carton_sequence', params: { expected: 1 } }]);
    expect(problems([r(1, 5), r(7, 8)], lines)).toEqual([{ index: 1, field: 'from', code: 'carton_sequence', params: { expected: 6 } }]);
    expect(problems([r(1, 5), r(5, 8)], lines)).toEqual([{ index: 1, field: 'from', code: 'carton_sequence', params: { expected: 6 } }]);
  });
  it('wants a line of the order, pieces and gross ≥ net', () => {
    expect(problems([r(1, 1, '', '', { pieces: '' })], lines).map((p) => p.code)).toEqual(['required', 'required']);
    expect(problems([r(1, 1, 'Red', 'S')], lines).map((p) => p.code)).toEqual(['unknown_line']);
    expect(problems([r(1, 1, 'Navy', 'M', { gross_kg: 10 })], lines).map((p) => p.code)).toEqual(['gross_below_net']);
  });
});

describe('to and from the API', () => {
  it('sends numbers', () => {
    expect(toAPI([{ from: 1, to: '3', colour: 'Navy', size: 'M', pieces: '20', net_kg: '11.004', gross_kg: '12,5', length_cm: '60', width_cm: '40', height_cm: '40.0' }]))
      .toEqual([{ from: 1, to: 3, colour: 'Navy', size: 'M', pieces: 20, net_kg: 11, gross_kg: 12.5, length_cm: 60, width_cm: 40, height_cm: 40 }]);
  });
  it('round-trips', () => {
    const a = [r(1, 5)];
    expect(toAPI(fromAPI(a))).toEqual(a);
  });
});
