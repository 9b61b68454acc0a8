import { describe, expect, it } from 'vitest';
import { MetricsError } from '../errors.js';
import { passAtK } from '../pass-at-k/pass-at-k.js';
import { compareRuns, type RunProblem } from './compare-runs.js';

// A "trained" run: 12/16 right on half the problems, nothing on the rest.
// A "base" run: 2/16 right on every problem. The base run is behind at k = 1 and overtakes at k = 8.
const ids = Array.from({ length: 20 }, (_, i) => `p${i}`);
const trained: RunProblem[] = [
  ...ids.map((problem_id, i) => ({ problem_id, n: 16, c: i % 2 === 0 ? 12 : 0 })),
  { problem_id: 'only-in-a', n: 16, c: 16 },
];
const base: RunProblem[] = [
  { problem_id: 'only-in-b', n: 4, c: 0 },
  ...ids.map((problem_id) => ({ problem_id, n: 16, c: 2 })),
];

describe('compareRuns', () => {
  const result = compareRuns(trained, base, undefined, { seed: 1 });

  it('compares only the common problems and says so', () => {
    expect(result.problems).toEqual({ common: 20, only_a: 1, only_b: 1 });
    expect(result.note).toMatch(/both runs/);
    expect(result.k).toEqual([1, 2, 4, 8, 16]);
  });

  it('gives both curves and their paired difference at each k', () => {
    const at8 = result.points[3];
    expect(at8?.k).toBe(8);
    expect(at8?.a).toBeCloseTo(passAtK(16, 12, 8) / 2, 15);
    expect(at8?.b).toBeCloseTo(passAtK(16, 2, 8), 15);
    expect(at8?.diff).toBeCloseTo(0.5 - (1 - 3003 / 12870), 15);
    expect(result.points[0]).toMatchObject({ a: 0.375, b: 0.125, diff: 0.25 });
    for (const point of result.points) {
      expect(point.low).toBeLessThanOrEqual(point.diff);
      expect(point.high).toBeGreaterThanOrEqual(point.diff);
    }
    // b is the same on every problem, so the interval of a - b is that of a alone: a mean of 20 coin flips x 0.75.
    const at1 = result.points[0];
    expect(at1?.high).toBeGreaterThan(0.25 + 0.1);
    expect(at1?.low).toBeLessThan(0.25 - 0.1);
  });

  it('splits the common problems by which run solves them at k = n, with the exact McNemar test', () => {
    const odd = ids.filter((_, i) => i % 2 === 1);
    const even = ids.filter((_, i) => i % 2 === 0);
    expect(result.coverage).toEqual({
      only_a: { count: 0, ids: [] },
      only_b: { count: 10, ids: odd },
      both: { count: 10, ids: even },
      neither: { count: 0, ids: [] },
    });
    // 0 against 10 discordant problems: 2 / 2^10
    expect(result.coverage_test.only_a).toBe(0);
    expect(result.coverage_test.only_b).toBe(10);
    expect(result.coverage_test.p_value).toBeCloseTo(2 / 1024, 12);
  });

  it('finds the crossover k with its bootstrap uncertainty', () => {
    const { crossover } = result;
    expect(crossover).toMatchObject({ behind: 'b', k: 8, probability: 1, high: 8 });
    expect([2, 4]).toContain(crossover.low);
    const shares = Object.values(crossover.distribution);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(crossover.distribution['8']).toBeGreaterThan(0.4);
    expect(crossover.distribution['4']).toBeGreaterThan(0.2);
    expect(compareRuns(trained, base, undefined, { seed: 1 })).toEqual(result);
  });

  it('reports no crossover when the leader stays ahead', () => {
    const worse = ids.map((problem_id) => ({ problem_id, n: 16, c: 0 }));
    const { crossover } = compareRuns(base, worse, [1, 16], { resamples: 100 });
    expect(crossover).toEqual({
      behind: 'b',
      k: null,
      probability: 0,
      low: null,
      high: null,
      distribution: {},
    });
  });

  it('rejects k beyond the smallest n and runs without common problems', () => {
    expect(() => compareRuns(trained, base, [32])).toThrow(/k=32 exceeds/);
    expect(() => compareRuns(trained.slice(0, 1), base.slice(0, 1))).toThrow(MetricsError);
  });
});
