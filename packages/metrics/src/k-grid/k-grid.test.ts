import { describe, expect, it } from 'vitest';
import { MetricsError } from '../errors.js';
import { normaliseKs, powersOfTwoGrid, quarterPowerGrid, summaryKs } from './k-grid.js';

describe('k grids', () => {
  it('powers of two up to n, with n appended when it is not a power of two', () => {
    expect(powersOfTwoGrid(1)).toEqual([1]);
    expect(powersOfTwoGrid(16)).toEqual([1, 2, 4, 8, 16]);
    expect(powersOfTwoGrid(10)).toEqual([1, 2, 4, 8, 10]);
    expect(powersOfTwoGrid(1024)).toHaveLength(11);
  });

  it('distinct floor(2^(i/4)) <= n', () => {
    expect(quarterPowerGrid(16)).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 11, 13, 16]);
    expect(quarterPowerGrid(1)).toEqual([1]);
    const grid = quarterPowerGrid(1024);
    expect(grid.slice(-5)).toEqual([512, 608, 724, 861, 1024]);
    expect(grid).toHaveLength(new Set(grid).size);
  });

  it('normalises ks and rejects non-integers', () => {
    expect(normaliseKs([8, 1, 8, 2])).toEqual([1, 2, 8]);
    expect(() => normaliseKs([0])).toThrow(MetricsError);
    expect(() => powersOfTwoGrid(0)).toThrow(MetricsError);
  });
});

describe('summaryKs', () => {
  it('picks the smallest, a middle and the largest k, without repeats', () => {
    expect(summaryKs([1, 2, 4, 8, 16])).toEqual([1, 4, 16]);
    expect(summaryKs([1, 2])).toEqual([1, 2]);
    expect(summaryKs([4])).toEqual([4]);
    expect(summaryKs([])).toEqual([]);
  });
});
