import { describe, expect, it } from 'vitest';
import { quantileSorted } from '../uncertainty/quantile.js';
import { lengthStats, meanOrNull } from './length-stats.js';

describe('lengthStats', () => {
  it('gives count, mean, median and p90 with linear interpolation', () => {
    expect(lengthStats([10, 40, 20, 30])).toEqual({ count: 4, mean: 25, median: 25, p90: 37 });
    expect(lengthStats([7])).toEqual({ count: 1, mean: 7, median: 7, p90: 7 });
    expect(lengthStats([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toEqual({
      count: 11,
      mean: 6,
      median: 6,
      p90: 10,
    });
  });

  it('gives nulls for no values', () => {
    expect(lengthStats([])).toEqual({ count: 0, mean: null, median: null, p90: null });
    expect(meanOrNull([])).toBeNull();
  });

  it('quantileSorted interpolates between order statistics', () => {
    expect(quantileSorted([0, 10], 0.25)).toBe(2.5);
    expect(quantileSorted([1, 2, 3], 1)).toBe(3);
    expect(quantileSorted([1, 2, 3], 0)).toBe(1);
  });
});
