import { describe, it, expect } from 'vitest';
import { today, daysBetween, stepName, maxQuantity, percent, unitText } from './util.js';

describe('factory helpers', () => {
  it('gives today on the phone calendar', () => {
    expect(today(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(today(new Date(2026, 11, 31, 0, 1))).toBe('2026-12-31');
  });

  it('counts days between dates, across months and DST', () => {
    expect(daysBetween('2026-11-28', '2026-12-03')).toBe(5);
    expect(daysBetween('2026-03-28', '2026-04-02')).toBe(5);
    expect(daysBetween('2026-12-03', '2026-11-28')).toBe(-5);
  });

  it('caps the running total like the server (integer maths)', () => {
    expect(maxQuantity(2400, 5)).toBe(2520);
    expect(maxQuantity(999, 3)).toBe(1028); // 1028.97 → 1028
    expect(maxQuantity(600, 0)).toBe(600);
  });

  it('shows a step name in the UI language', () => {
    const m = { name: '车缝', name_en: 'Sewing' };
    expect(stepName(m, 'zh-CN')).toBe('车缝');
    expect(stepName(m, 'en')).toBe('Sewing');
    expect(stepName({ name: '车缝', name_en: '' }, 'en')).toBe('车缝');
  });

  it('keeps progress between 0 and 100 %', () => {
    expect(percent(1200, 2400)).toBe(50);
    expect(percent(2520, 2400)).toBe(100);
    expect(percent(5, 0)).toBe(0);
  });

  it('translates known units only', () => {
    const t = (k) => ({ 'factory.units.pcs': '件' })[k];
    const te = (k) => k === 'factory.units.pcs';
    expect(unitText('pcs', t, te)).toBe('件');
    expect(unitText('rolls', t, te)).toBe('rolls');
  });
});
