import { describe, expect, it } from 'vitest';
import { MetricsError } from '../errors.js';
import { powersOfTwoGrid } from '../k-grid/k-grid.js';
import { mulberry32 } from '../uncertainty/prng.js';
import { compareRuns, type RunProblem } from './compare-runs.js';
import { plannedStandardErrors, planSampleSize } from './sample-size-plan.js';

/**
 * P problems: the RL-like run solves 45% of them well and nothing of the rest; the base-like run solves 80% of
 * them thinly. The base is behind at k = 1 and overtakes at k of about 8.
 */
/** Seeds far apart: mulberry32's first outputs for nearby seeds are alike. */
const spread = (seed: number) => Math.imul(seed + 1, 0x9e3779b1) >>> 0;

function truth(P: number, seed: number): { rl: number[]; base: number[] } {
  const random = mulberry32(spread(seed));
  const rl: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < P; i++) {
    const u = random();
    const b = u < 0.8 ? 0.02 + 0.25 * random() : 0;
    base.push(b);
    rl.push(u < 0.45 ? Math.min(1, 3 * b + 0.2) : 0);
  }
  return { rl, base };
}

function draw(ps: readonly number[], samples: number, seed: number): RunProblem[] {
  const random = mulberry32(spread(seed));
  return ps.map((p, i) => {
    let c = 0;
    for (let s = 0; s < samples; s++) if (random() < p) c++;
    return { problem_id: `p${i}`, n: samples, c };
  });
}

function sd(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
}

describe('planSampleSize', () => {
  it("reads today's interval as the comparison's bootstrap does (within one step of the k grid)", () => {
    for (const [P, n, seed] of [
      [400, 16, 1],
      [800, 16, 2],
      [300, 16, 3],
      [400, 64, 4],
    ] as const) {
      const t = truth(P, seed);
      const a = draw(t.rl, n, 10 + seed);
      const b = draw(t.base, n, 20 + seed);
      const ks = powersOfTwoGrid(n);
      const { crossover } = compareRuns(a, b, ks, { seed });
      const plan = planSampleSize(a, b, ks, 1);
      expect(plan.behind).toBe(crossover.behind);
      const step = (k: number | null) => (k === null ? ks.length : ks.indexOf(k));
      expect(Math.abs(step(plan.current.low) - step(crossover.low))).toBeLessThanOrEqual(1);
      expect(Math.abs(step(plan.current.high) - step(crossover.high))).toBeLessThanOrEqual(1);
    }
  });

  // Fixed before the runs: 40 replicate experiments (new problems, new samples) at m samples per problem,
  // planned from one experiment at n; the planned standard error of pass@k(a) - pass@k(b) at each k <= n within
  // 30% of their spread. (n = 8 -> 64 first failed with rates c/n, 47% off at k = 8, and with (c + 1/2) / (n + 1)
  // 25% off at k = 1; both were judged with nearby mulberry32 seeds, whose first draws are alike. With the
  // counts' unbiased variance estimate and seeds spread apart it holds within 13%.)
  it.each([
    [8, 64, 7],
    [16, 256, 8],
  ])(
    'predicts the spread of the difference at m samples per problem from counts at n (%i -> %i)',
    (n, m, seed) => {
      const P = 300;
      const ks = powersOfTwoGrid(n);
      const t = truth(P, seed);
      const planned = plannedStandardErrors(draw(t.rl, n, 70 + seed), draw(t.base, n, 80 + seed), ks, m);
      const diffs: number[][] = ks.map(() => []);
      for (let r = 0; r < 40; r++) {
        const fresh = truth(P, 1000 * seed + r);
        const a = draw(fresh.rl, m, 2000 * seed + r);
        const b = draw(fresh.base, m, 3000 * seed + r);
        for (const [j, point] of compareRuns(a, b, ks, { resamples: 1 }).points.entries())
          diffs[j]!.push(point.diff);
      }
      ks.forEach((_, j) => {
        expect(Math.abs(planned[j]! / sd(diffs[j]!) - 1)).toBeLessThan(0.3);
      });
    },
  );

  it('says when unlimited samples would not close the interval: the grid ends, or the problems limit it', () => {
    const t = truth(400, 1);
    const open = planSampleSize(draw(t.rl, 8, 11), draw(t.base, 8, 21), powersOfTwoGrid(8), 1);
    expect(open.candidates.map((c) => c.samples)).toEqual([
      16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192,
    ]);
    expect([open.current.low, open.current.high, open.limit.high, open.samples_per_problem]).toEqual([
      8,
      null,
      null,
      null,
    ]);
    expect(open.note).toMatch(/not clearly past each other by k = 8.*beyond k = 8/);

    const few = truth(100, 5);
    const a = draw(few.rl, 16, 15);
    const b = draw(few.base, 16, 25);
    const ks = powersOfTwoGrid(16);
    expect(planSampleSize(a, b, ks, 1)).toMatchObject({
      samples_per_problem: 16,
      current: { low: 8, high: 16 },
    });
    const tight = planSampleSize(a, b, ks, 0);
    expect([tight.limit.doublings, tight.samples_per_problem]).toEqual([1, null]);
    expect(tight.note).toMatch(
      /spread of these 100 problems alone leaves 1\.0 doublings; more problems would/,
    );
  });

  it('never widens with more samples: the standard errors shrink towards the problems-only limit', () => {
    const t = truth(300, 9);
    const a = draw(t.rl, 16, 19);
    const b = draw(t.base, 16, 29);
    const ks = powersOfTwoGrid(16);
    const at = [16, 64, 1024, null].map((m) => plannedStandardErrors(a, b, ks, m));
    for (let i = 1; i < at.length; i++)
      for (const j of ks.keys()) expect(at[i]![j]!).toBeLessThanOrEqual(at[i - 1]![j]!);
    const plan = planSampleSize(a, b, ks, 1);
    const widths = [plan.current, ...plan.candidates, plan.limit].map(
      (c) => c.doublings ?? Number.POSITIVE_INFINITY,
    );
    for (let i = 1; i < widths.length; i++) expect(widths[i]!).toBeLessThanOrEqual(widths[i - 1]!);
  });

  it('has nothing to locate when the runs tie at the first k, and refuses a bad width', () => {
    const same = [{ problem_id: 'p', n: 4, c: 2 }];
    expect(planSampleSize(same, same, [1, 2, 4], 1)).toMatchObject({
      behind: null,
      samples_per_problem: null,
    });
    expect(() => planSampleSize(same, same, [1, 2, 4], -1)).toThrow(MetricsError);
    expect(() => planSampleSize(same, same, [1, 2, 4], Number.NaN)).toThrow(MetricsError);
  });
});
