// @vitest-environment node
import { describe, it, expect } from 'vitest';
import { pctText, averageText, partsText, tone, defaultRange, monthLabel, trendBars, labelEvery } from './score.js';

describe('scorecard helpers', () => {
  it('write rates and averages, a dash when nothing counted', () => {
    expect(pctText({ numerator: 5, denominator: 6, pct: 83.3 }, 'en')).toBe('83.3%');
    expect(pctText({ numerator: 1, denominator: 2, pct: 50 }, 'en')).toBe('50%');
    expect(pctText({ numerator: 0, denominator: 0, pct: null }, 'en')).toBe('—');
    expect(averageText({ total: 3, count: 5, average: 0.6 }, 'en')).toBe('0.6');
    expect(averageText({ total: 0, count: 0, average: null }, 'zh-CN')).toBe('—');
    expect(partsText({ numerator: 1200, denominator: 1500, pct: 80 }, 'rate', 'en')).toBe('1,200 / 1,500');
    expect(partsText({ total: 3, count: 5, average: 0.6 }, 'average', 'en')).toBe('3 / 5');
  });
  it('tone rates only', () => {
    expect(tone({ pct: 95 }, 'rate')).toBe('good');
    expect(tone({ pct: 70 }, 'rate')).toBe('fair');
    expect(tone({ pct: 69.9 }, 'rate')).toBe('poor');
    expect(tone({ pct: null }, 'rate')).toBe('none');
    expect(tone({ average: 3 }, 'average')).toBe('none');
  });
  it('default to twelve calendar months up to today, across a year', () => {
    expect(defaultRange('2026-03-02')).toEqual({ from: '2025-04-01', to: '2026-03-02' });
    expect(defaultRange('2026-12-31')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
  });
  it('label months', () => {
    expect(monthLabel('2026-01', 'en')).toBe('Jan');
    expect(monthLabel('2026-01', 'zh-CN')).toBe('1月');
    expect(monthLabel('2026-01', 'en', true)).toBe('Jan 2026');
    expect(labelEvery(12)).toBe(1);
    expect(labelEvery(24)).toBe(3);
  });
  it('lay out two bars a month, none for an empty month', () => {
    const bars = trendBars([
      { month: '2026-01', on_time_baseline: { pct: 50 }, on_time_latest: { pct: 100 } },
      { month: '2026-02', on_time_baseline: { pct: null }, on_time_latest: { pct: 0 } },
    ], { slot: 20, height: 100, gap: 2 });
    expect(bars[0].baseline).toEqual({ x: 2, y: 50, w: 7, h: 50, pct: 50 });
    expect(bars[0].latest).toEqual({ x: 11, y: 0, w: 7, h: 100, pct: 100 });
    expect(bars[1].baseline).toBeNull();
    expect(bars[1].latest.h).toBe(1); // 0 % still shows as a sliver
    expect(bars[1].cx).toBe(30);
  });
});
