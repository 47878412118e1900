import { describe, it, expect } from 'vitest';
import { cartonsToOpen, sampleSize, normalisePlans, outOfSpec, outOfTolerance, piecesOutOfTolerance, foundUnits, preview } from './verdict.js';

// Lot 1200, level II: code letter J, 80 pieces; major 2.5 → Ac 5 / Re 6,
// minor 4.0 → Ac 7 / Re 8; critical 0.
const plans = {
  critical: { code_letter: 'J', sample_size: 80, ac: 0, re: 1, full: false, aql: '0' },
  major: { code_letter: 'J', sample_size: 80, ac: 5, re: 6, full: false, aql: '2.5' },
  minor: { code_letter: 'J', sample_size: 80, ac: 7, re: 8, full: false, aql: '4.0' },
};
const aql = { critical: '0', major: '2.5', minor: '4.0' };
const run = (defects, measurements = []) => preview({ plans, aql, defects, measurements });

describe('cartons to open', () => {
  it('is ceil(√total)', () => {
    expect(cartonsToOpen(100)).toBe(10);
    expect(cartonsToOpen(101)).toBe(11);
    expect(cartonsToOpen(1)).toBe(1);
    expect(cartonsToOpen(2)).toBe(2);
    expect(cartonsToOpen('50')).toBe(8);
  });
  it('is 0 while the total is unknown', () => {
    expect(cartonsToOpen('')).toBe(0);
    expect(cartonsToOpen(null)).toBe(0);
    expect(cartonsToOpen(-4)).toBe(0);
  });
});

describe('plans', () => {
  it('inspects the largest sample', () => {
    expect(sampleSize({ critical: { sample_size: 0 }, major: { sample_size: 80 }, minor: { sample_size: 50 } })).toBe(80);
    expect(sampleSize(null)).toBe(0);
  });
  it('treats AQL "0" as accept 0 / reject 1 at the largest sample', () => {
    const p = normalisePlans({ critical: null, major: { sample_size: 125, ac: 7, re: 8 }, minor: { sample_size: 80, ac: 7, re: 8 } }, { critical: '0', major: '2.5', minor: '4.0' });
    expect(p.critical).toMatchObject({ ac: 0, re: 1, sample_size: 125 });
    expect(p.major).toMatchObject({ ac: 7, re: 8, sample_size: 125 });
  });
  it('reads full_inspection as the GET /aql answer names it', () => {
    expect(normalisePlans({ major: { sample_size: 8, ac: 0, re: 1, full_inspection: true } }).major.full).toBe(true);
  });
});

describe('verdict preview: accept and reject numbers', () => {
  it('passes with exactly Ac major defects', () => {
    const r = run([{ code: 'stain', severity: 'major', count: 5 }]);
    expect(r.bySeverity.major).toEqual({ found: 5, ac: 5, re: 6, pass: true });
    expect(r.result).toBe('pass');
  });
  it('fails with Ac + 1 major defects', () => {
    const r = run([{ code: 'stain', severity: 'major', count: 6 }]);
    expect(r.bySeverity.major.pass).toBe(false);
    expect(r.result).toBe('fail');
  });
  it('passes with Ac minor and fails with Ac + 1', () => {
    expect(run([{ severity: 'minor', count: 7 }]).result).toBe('pass');
    expect(run([{ severity: 'minor', count: 8 }]).result).toBe('fail');
  });
  it('fails on any critical defect at AQL 0', () => {
    const r = run([{ code: 'needle_damage', severity: 'critical', count: 1 }]);
    expect(r.bySeverity.critical).toEqual({ found: 1, ac: 0, re: 1, pass: false });
    expect(r.result).toBe('fail');
  });
  it('passes with nothing found', () => {
    expect(run([]).result).toBe('pass');
  });
  it('adds rows of the same severity', () => {
    expect(run([{ severity: 'major', count: 3 }, { severity: 'major', count: 3 }]).result).toBe('fail');
  });
  it('ignores rows with no count or an unknown severity', () => {
    expect(run([{ severity: 'major', count: 0 }, { severity: 'odd', count: 9 }, { severity: 'minor', count: '' }]).found).toEqual({ critical: 0, major: 0, minor: 0 });
  });
  it('has no overall verdict while a plan is unknown, unless something already fails', () => {
    expect(preview({ plans: { major: plans.major }, aql: { major: '2.5' }, defects: [] }).result).toBe(null);
    expect(preview({ plans: { critical: null }, aql: { critical: '0' }, defects: [{ severity: 'critical', count: 1 }] }).result).toBe('fail');
  });
});

describe('checks', () => {
  it('fail the inspection when one failed, whatever the defects', () => {
    const r = preview({ plans, aql, defects: [], checks: [{ kind: 'packing', passed: true }, { kind: 'marking', passed: false }] });
    expect(r.failedChecks).toEqual(['marking']);
    expect(r.result).toBe('fail');
  });
  it('pass when all passed', () => {
    expect(preview({ plans, aql, defects: [], checks: [{ kind: 'packing', passed: true }] }).result).toBe('pass');
  });
});

describe('most-serious-defect rule', () => {
  it('counts rows sharing a piece label once, under the most serious severity', () => {
    const f = foundUnits([
      { severity: 'minor', count: 1, piece: 'A' },
      { severity: 'major', count: 1, piece: 'A' },
      { severity: 'minor', count: 2, piece: 'B' },
      { severity: 'minor', count: 3 },
    ]);
    expect(f).toEqual({ critical: 0, major: 1, minor: 4 });
  });
  it('lets a critical defect on a piece take it out of major', () => {
    expect(foundUnits([{ severity: 'major', count: 1, piece: '7' }, { severity: 'critical', count: 1, piece: '7' }])).toEqual({ critical: 1, major: 0, minor: 0 });
  });
  it('trims piece labels', () => {
    expect(foundUnits([{ severity: 'minor', count: 1, piece: ' A ' }, { severity: 'minor', count: 1, piece: 'A' }]).minor).toBe(1);
  });
  it('counts nine minor defects on one piece as one unit: the lot passes', () => {
    const rows = Array.from({ length: 9 }, () => ({ severity: 'minor', count: 1, piece: 'P1' }));
    expect(run(rows).result).toBe('pass');
  });
});

describe('measurements', () => {
  const chest = { point: 'Chest 1/2', spec: 52, tolerance: 1, values: [52.5, 53.4, 51, '', 50.9] };
  it('finds values outside spec ± tolerance (the limits are inside)', () => {
    expect(outOfSpec(53, 52, 1)).toBe(false);
    expect(outOfSpec(51, 52, 1)).toBe(false);
    expect(outOfSpec(53.01, 52, 1)).toBe(true);
    expect(outOfSpec('', 52, 1)).toBe(false);
    expect(outOfTolerance(chest)).toBe(2);
  });
  it('counts a piece once over several points of measure', () => {
    const length = { point: 'Length', spec: 70, tolerance: 1.5, values: [72, 70, 70, 70, 68] };
    expect(piecesOutOfTolerance([chest, length])).toEqual([0, 1, 4]);
  });
  it('makes each piece out of tolerance a major defective unit', () => {
    expect(foundUnits([], [chest])).toEqual({ critical: 0, major: 2, minor: 0 });
  });
  it('joins a defect row on the same piece number (most serious wins)', () => {
    expect(foundUnits([{ severity: 'minor', count: 1, piece: '2' }], [chest])).toEqual({ critical: 0, major: 2, minor: 0 });
    expect(foundUnits([{ severity: 'critical', count: 1, piece: '2' }], [chest])).toEqual({ critical: 1, major: 1, minor: 0 });
  });
  it('can fail the lot on major', () => {
    const wide = { point: 'Hip', spec: 50, tolerance: 0.5, values: [52, 52, 52, 52, 52, 52] };
    expect(run([], [wide]).result).toBe('fail');
    expect(run([], [{ ...wide, values: [52, 52, 52, 52, 52] }]).result).toBe('pass');
  });
});
