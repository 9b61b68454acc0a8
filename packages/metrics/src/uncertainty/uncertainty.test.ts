import { describe, expect, it } from 'vitest';
import { MetricsError } from '../errors.js';
import { bootstrapIntervals, resampleColumnMeans } from './bootstrap.js';
import { mulberry32 } from './prng.js';
import { problemStandardError, samplingStandardError } from './standard-error.js';

describe('mulberry32', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const c = mulberry32(2);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(c()).not.toBe(first[0]);
    for (const v of first) expect(v >= 0 && v < 1).toBe(true);
  });

  it('is roughly uniform', () => {
    const random = mulberry32(123);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const bin = Math.floor(random() * 10);
      bins[bin] = (bins[bin] ?? 0) + 1;
    }
    for (const count of bins) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe('bootstrap over problems', () => {
  const rows = Float64Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? 1 : 0) + (i % 2) * 0.25);

  it('is deterministic for a seed', () => {
    const first = bootstrapIntervals(rows, 2, { resamples: 500, seed: 9 });
    expect(bootstrapIntervals(rows, 2, { resamples: 500, seed: 9 })).toEqual(first);
    expect(bootstrapIntervals(rows, 2, { resamples: 500, seed: 10 })).not.toEqual(first);
  });

  it('brackets the mean and matches the normal approximation roughly', () => {
    // column 0 (even i) is 1 when i % 10 === 0: 20 of the 100 rows, a proportion of 0.2
    const [col0] = bootstrapIntervals(rows, 2, { resamples: 2000, seed: 1 });
    expect(col0?.low).toBeLessThan(0.2);
    expect(col0?.high).toBeGreaterThan(0.2);
    const se = Math.sqrt((0.2 * 0.8) / 100);
    expect(((col0?.high ?? 0) - (col0?.low ?? 0)) / (2 * 1.96 * se)).toBeGreaterThan(0.8);
    expect(((col0?.high ?? 0) - (col0?.low ?? 0)) / (2 * 1.96 * se)).toBeLessThan(1.2);
  });

  it('keeps columns paired: a column that is another plus a constant resamples the same way', () => {
    const paired = new Float64Array(100);
    for (let row = 0; row < 50; row++) {
      paired[2 * row] = (row * 37) % 11;
      paired[2 * row + 1] = ((row * 37) % 11) + 3;
    }
    const means = resampleColumnMeans(paired, 2, { resamples: 50, seed: 3 });
    for (let r = 0; r < 50; r++)
      expect((means[2 * r + 1] as number) - (means[2 * r] as number)).toBeCloseTo(3, 12);
  });

  it('rejects bad options', () => {
    expect(() => resampleColumnMeans(rows, 2, { resamples: 0 })).toThrow(MetricsError);
    expect(() => resampleColumnMeans(rows, 2, { seed: 0.5 })).toThrow(MetricsError);
  });
});

describe('standard errors', () => {
  it('problem-level: sample sd / sqrt(P)', () => {
    expect(problemStandardError([1, 0, 1, 0])).toBeCloseTo(Math.sqrt(1 / 3 / 4), 15);
    expect(problemStandardError([0.5])).toBe(0);
  });

  it('sampling-only: sqrt(sum of variances) / P, null if any is missing', () => {
    expect(samplingStandardError([0.04, 0.05])).toBeCloseTo(0.15, 15);
    expect(samplingStandardError([0.04, null])).toBeNull();
  });
});
