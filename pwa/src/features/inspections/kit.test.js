import { describe, it, expect, beforeEach } from 'vitest';
import { splitCodes, noteDefectUse, keptDefectCodes, todayISO } from './kit.js';

const codes = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((code, i) => ({ code, position: i }));

describe('defect codes for the counters', () => {
  beforeEach(() => localStorage.clear());

  it('show the first six by position on a phone that never counted one, the rest under "more"', () => {
    const { top, more } = splitCodes(codes, {});
    expect(top.map((c) => c.code)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(more.map((c) => c.code)).toEqual(['g', 'h']);
  });
  it('put the most used first', () => {
    const { top, more } = splitCodes(codes, { h: 5, g: 2 });
    expect(top.map((c) => c.code)).toEqual(['h', 'g', 'a', 'b', 'c', 'd']);
    expect(more.map((c) => c.code)).toEqual(['e', 'f']);
  });
  it('keep a code already counted among the shown ones', () => {
    const { top, more } = splitCodes(codes, {}, new Set(['h']));
    expect(top.map((c) => c.code)).toContain('h');
    expect(more.map((c) => c.code)).toEqual(['g']);
  });
  it('count uses on this phone', () => {
    noteDefectUse('g');
    noteDefectUse('g');
    noteDefectUse('h');
    expect(splitCodes(codes).top.slice(0, 2).map((c) => c.code)).toEqual(['g', 'h']);
  });
  it('have no kept copy before the first fetch', () => {
    expect(keptDefectCodes()).toEqual([]);
  });
});

describe('todayISO', () => {
  it('is the local calendar date', () => {
    expect(todayISO(new Date(2027, 0, 5, 23, 30))).toBe('2027-01-05');
  });
});
