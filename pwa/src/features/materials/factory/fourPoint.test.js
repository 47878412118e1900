// The four-point preview: the same table as the server's (contract H3):
// each length band and its boundaries, holes, the cap of four points per
// linear yard, yards × width in inches, and the pass mark at exactly 40
// and at 40.01.
import { describe, it, expect } from 'vitest';
import { defectPoints, rollPoints, fourPoint, per100E2, toE2, fromE2, QUICK } from './fourPoint.js';

describe('defect points by length band', () => {
  const cases = [
    ['0.5', false, 1], ['1', false, 1], ['3', false, 1], ['3.00', false, 1], ['3.01', false, 2], ['4.5', false, 2], ['6', false, 2],
    ['6.01', false, 3], ['9', false, 3], ['9.01', false, 4], ['36', false, 4],
    ['0.5', true, 2], ['1', true, 2], ['1.01', true, 4], ['3', true, 4],
    ['0', false, 0], ['', false, 0], ['abc', false, 0], ['-2', false, 0],
  ];
  for (const [len, hole, want] of cases) {
    it(`${hole ? 'hole' : 'defect'} ${JSON.stringify(len)} in → ${want}`, () => expect(defectPoints({ length_in: len, hole })).toBe(want));
  }
  it('quick buttons score as their band', () => {
    for (const q of QUICK) expect(defectPoints(q)).toBe(q.points);
  });
});

describe('a roll', () => {
  it('caps each linear yard at 4 points', () => {
    expect(rollPoints([{ yard: 1, length_in: '10' }, { yard: 1, length_in: '2' }])).toBe(4);
    expect(rollPoints([{ yard: 1, length_in: '4' }, { yard: 1, length_in: '4' }, { yard: 1, length_in: '4' }])).toBe(4);
    expect(rollPoints([{ yard: 1, length_in: '4' }, { yard: 2, length_in: '4' }])).toBe(4);
    expect(rollPoints([{ yard: 1, length_in: '10' }, { yard: 2, length_in: '10' }, { yard: 2, length_in: '1', hole: true }])).toBe(8);
    expect(rollPoints([{ yard: 3, length_in: '1' }, { yard: 3, length_in: '1' }, { yard: 3, length_in: '1' }])).toBe(3);
    expect(rollPoints([])).toBe(0);
  });
});

describe('points per 100 square yards', () => {
  it('is points × 3600 / (yards × width in inches)', () => {
    // 20 points over 100 yd × 60 in: 20 × 3600 / 6000 = 12
    const r = fourPoint([{ yards: '100', width_in: '60', defects: Array.from({ length: 5 }, (_, i) => ({ yard: i + 1, length_in: '10' })) }]);
    expect(r.totalPoints).toBe(20);
    expect(r.per100).toBe('12.00');
    expect(r.result).toBe('pass');
    expect(r.yards).toBe('100.00');
  });
  it('rounds up to 2 decimals, as the server does', () => {
    // 7 × 3600 / (100 × 58) = 4.3448… → 4.35; 1 × 3600 / (120 × 57) = 0.52631… → 0.53; exact stays
    expect(fromE2(per100E2(7, BigInt(toE2('100')) * BigInt(toE2('58'))))).toBe('4.35');
    expect(fromE2(per100E2(20, BigInt(toE2('100')) * BigInt(toE2('60'))))).toBe('12.00');
    // 4001 × 3600 / (6000.5 × 60) = 40.0066… → 40.01: above the mark, shown above it
    expect(fromE2(per100E2(4001, BigInt(toE2('6000.5')) * BigInt(toE2('60'))))).toBe('40.01');
    expect(fromE2(per100E2(1, BigInt(toE2('120')) * BigInt(toE2('57'))))).toBe('0.53');
    expect(per100E2(5, 0n)).toBe(null);
  });
  it('takes decimal yards and widths', () => {
    // 3 × 3600 / (50.5 × 57.5) = 3.7183… → 3.72
    expect(fourPoint([{ yards: '50.5', width_in: '57.5', defects: [{ yard: 1, length_in: '7' }] }]).per100).toBe('3.72');
  });
  it('passes at exactly the threshold, fails just above', () => {
    // 40 points over 60 yd × 60 in: 40 × 3600 / 3600 = 40.00
    const forty = Array.from({ length: 10 }, (_, i) => ({ yard: i + 1, length_in: '12' }));
    expect(fourPoint([{ yards: '60', width_in: '60', defects: forty }]).per100).toBe('40.00');
    expect(fourPoint([{ yards: '60', width_in: '60', defects: forty }]).result).toBe('pass');
    // 40 points over 59.985… cannot be typed; 4001 points × 3600 / (6000 × 60) = 40.01
    const many = Array.from({ length: 1000 }, (_, i) => ({ yard: i + 1, length_in: '10' })).concat([{ yard: 1001, length_in: '1' }]);
    const r = fourPoint([{ yards: '6000', width_in: '60', defects: many }]);
    expect(r.totalPoints).toBe(4001);
    expect(r.per100).toBe('40.01');
    expect(r.result).toBe('fail');
  });
  it('fails a hair above the mark: 40.003… shows as 40.01', () => {
    const d = Array.from({ length: 1000 }, (_, i) => ({ yard: i + 1, length_in: '10' })); // 4000 points
    const r = fourPoint([{ yards: '5999.5', width_in: '60', defects: d }]);
    expect(r.per100).toBe('40.01');
    expect(r.result).toBe('fail');
  });
  it('uses the customer threshold', () => {
    const d = Array.from({ length: 6 }, (_, i) => ({ yard: i + 1, length_in: '12' })); // 24 points
    expect(fourPoint([{ yards: '60', width_in: '60', defects: d }], 20).result).toBe('fail'); // 24.00 > 20
    expect(fourPoint([{ yards: '60', width_in: '60', defects: d }], 24).result).toBe('pass');
    expect(fourPoint([{ yards: '60', width_in: '60', defects: d }], null).threshold).toBe(40);
  });
  it('sums the area of rolls of different widths', () => {
    // 8 points × 3600 / (100 × 60 + 50 × 48) = 28800 / 8400 = 3.43
    const r = fourPoint([
      { yards: '100', width_in: '60', defects: [{ yard: 1, length_in: '10' }] },
      { yards: '50', width_in: '48', defects: [{ yard: 2, length_in: '10' }] },
    ]);
    expect(r.per100).toBe('3.43');
    expect(r.rolls.map((x) => x.per100)).toEqual(['2.40', '6.00']);
  });
});

describe('the result', () => {
  it('is conditional when points pass but shade, width or weight fail', () => {
    for (const k of ['shade_ok', 'width_ok', 'weight_ok']) {
      expect(fourPoint([{ yards: '100', width_in: '60', defects: [], [k]: false }]).result).toBe('conditional');
    }
  });
  it('is fail when points fail, whatever the checks', () => {
    const d = Array.from({ length: 20 }, (_, i) => ({ yard: i + 1, length_in: '12' })); // 80 pts over 60×60 = 80
    expect(fourPoint([{ yards: '60', width_in: '60', defects: d, shade_ok: false }]).result).toBe('fail');
  });
  it('waits for yards and width', () => {
    expect(fourPoint([{ yards: '', width_in: '60', defects: [{ yard: 1, length_in: '2' }] }])).toMatchObject({ result: '', per100: '', totalPoints: 1 });
    expect(fourPoint([]).result).toBe('');
  });
});
