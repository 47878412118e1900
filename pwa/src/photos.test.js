import { describe, it, expect } from 'vitest';
import { fitSize, MAX_EDGE } from './photos.js';

describe('fitSize', () => {
  it('caps the long edge at 2048 and keeps the aspect', () => {
    expect(fitSize(4000, 3000)).toEqual({ width: 2048, height: 1536 });
    expect(fitSize(3000, 4000)).toEqual({ width: 1536, height: 2048 });
    expect(fitSize(4032, 1816).width).toBe(MAX_EDGE);
  });
  it('never enlarges', () => {
    expect(fitSize(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitSize(2048, 10)).toEqual({ width: 2048, height: 10 });
  });
  it('keeps at least one pixel', () => {
    expect(fitSize(100000, 1)).toEqual({ width: 2048, height: 1 });
  });
});
