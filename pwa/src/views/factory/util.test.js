import { describe, it, expect } from 'vitest';
import { maxQuantity, percent, unitText } from './util.js';

describe('factory helpers', () => {
  it('caps the running total like the server (integer maths)', () => {
    expect(maxQuantity(2400, 5)).toBe(2520);
    expect(maxQuantity(999, 3)).toBe(1028); // 1028.97 → 1028
    expect(maxQuantity(600, 0)).toBe(600);
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
