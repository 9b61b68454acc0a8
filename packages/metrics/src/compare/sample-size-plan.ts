import { MetricsError } from '../errors.js';
import { passAtK } from '../pass-at-k/pass-at-k.js';
import type { RunProblem } from './compare-runs.js';

/** The normal quantile of a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/** Samples per problem the planner considers at most (Yue et al. sample up to 1024; a few times more). */
export const MAX_PLANNED_SAMPLES = 8192;

/** The crossover-k interval expected at some number of samples per problem. */
export interface PlannedInterval {
  /** samples per problem; null for the limit of infinitely many */
  samples: number | null;
  /** first k of the grid some resamples would cross at (2.5%), and the k nearly all would by (97.5%) */
  low: number | null;
  high: number | null;
  /** log2(high / low): the width in doublings of k; null when the interval is open at the top */
  doublings: number | null;
}

export interface SampleSizePlan {
  /** the width asked for, in doublings of k (0: a single k of the grid) */
  width: number;
  /** the run behind at the first k; null when the runs tie there (no crossover to locate) */
  behind: 'a' | 'b' | null;
  /** the interval expected at today's samples per problem (the smallest n of the two runs) */
  current: PlannedInterval;
  /** today's samples per problem times 2, 4, 8, ... up to MAX_PLANNED_SAMPLES */
  candidates: PlannedInterval[];
  /** the fewest samples per problem whose interval is within `width`; null when none of the candidates is */
  samples_per_problem: number | null;
  /** infinitely many samples per problem: what the problems' own spread leaves */
  limit: PlannedInterval;
  note: string;
}

interface Curves {
  /** behind-minus-ahead sign applied: g(k) > 0 while the run behind is still behind */
  gap: Float64Array;
  /** variance over problems of today's per-problem gap estimates: what the comparison's bootstrap sees */
  observed: Float64Array;
  /** the part of it that is today's sampling noise */
  todayNoise: Float64Array;
  /** mean over problems of the sampling variance of the gap's estimate with m samples per problem */
  noise: (m: number) => Float64Array;
  problems: number;
}

/**
 * How many samples per problem would bring the crossover-k interval of a comparison under `width` doublings
 * of k, from the observed per-problem counts. The difference of the two curves at each k has a variance over
 * problems made of the problems' own spread plus each estimate's sampling noise; the noise (the exact variance
 * of the unbiased estimator, itself estimated without bias from the counts where 2k <= n) shrinks with m samples per problem, the
 * spread does not. The
 * interval is read where the gap's 95% band first reaches zero (low) and where it is wholly past it (high), on
 * the comparison's k grid. The counts say nothing of pass@k beyond today's n (at k = n a problem is solved or
 * not), so the plan looks for the crossover within the grid only, and says so when it is open at the top.
 */
export function planSampleSize(
  a: ReadonlyArray<RunProblem>,
  b: ReadonlyArray<RunProblem>,
  ks: ReadonlyArray<number>,
  width: number,
): SampleSizePlan {
  if (!(width >= 0) || !Number.isFinite(width))
    throw new MetricsError(`the planned width must be a number of doublings >= 0, got ${width}`);
  if (a.length === 0 || a.length !== b.length)
    throw new MetricsError('the planner needs the same problems of both runs, in the same order');
  const n = Math.min(...a.map((p) => p.n), ...b.map((p) => p.n));
  const first = ks[0] as number;
  const lead = meanDiff(a, b, first);
  if (lead === 0) {
    const none: PlannedInterval = { samples: n, low: null, high: null, doublings: null };
    return {
      width,
      behind: null,
      current: none,
      candidates: [],
      samples_per_problem: null,
      limit: { ...none, samples: null },
      note: `the runs tie at k = ${first}: there is no crossover to locate`,
    };
  }
  const behind = lead < 0 ? 'a' : 'b';
  const curves = curvesOf(a, b, ks, behind === 'a' ? -1 : 1);
  const at = (samples: number | null) => intervalAt(ks, curves, samples);
  const candidates: PlannedInterval[] = [];
  for (let m = n * 2; m <= MAX_PLANNED_SAMPLES; m *= 2) candidates.push(at(m));
  const current = at(n);
  const within = (interval: PlannedInterval) => interval.doublings !== null && interval.doublings <= width;
  const enough = within(current) ? current : candidates.find(within);
  const limit = at(null);
  return {
    width,
    behind,
    current,
    candidates,
    samples_per_problem: enough?.samples ?? null,
    limit,
    note: noteOf(width, n, current, enough, limit, curves.problems, ks.at(-1) as number),
  };
}

function meanDiff(a: ReadonlyArray<RunProblem>, b: ReadonlyArray<RunProblem>, k: number): number {
  let total = 0;
  a.forEach((pa, i) => {
    const pb = b[i] as RunProblem;
    total += passAtK(pa.n, pa.c, k) - passAtK(pb.n, pb.c, k);
  });
  return total / a.length;
}

/** log(j!) for j = 0..max, grown on demand. */
const logFactorials: number[] = [0];
function logFactorial(j: number): number {
  for (let i = logFactorials.length; i <= j; i++)
    logFactorials.push((logFactorials[i - 1] as number) + Math.log(i));
  return logFactorials[j] as number;
}
const logChoose = (a: number, b: number) => logFactorial(a) - logFactorial(b) - logFactorial(a - b);

/** Overlap weights of a U-statistic of order k over m samples: C(k,j) C(m-k,k-j) / C(m,k), j = 1..k. */
function overlapWeights(m: number, k: number): Array<[j: number, weight: number]> {
  const weights: Array<[number, number]> = [];
  const logAll = logChoose(m, k);
  for (let j = Math.max(1, 2 * k - m); j <= k; j++)
    weights.push([j, Math.exp(logChoose(k, j) + logChoose(m - k, k - j) - logAll)]);
  return weights;
}

/**
 * Variance of the unbiased pass@k estimate from m samples of success rate p: a U-statistic of order k with
 * kernel 1 - prod(1 - x), so Var = sum over overlaps j of C(k,j) C(m-k,k-j) / C(m,k) * (q^(2k-j) - q^(2k)).
 */
export function passAtKVariance(p: number, m: number, k: number): number {
  const q = 1 - p;
  if (q <= 0 || q >= 1) return 0;
  return overlapWeights(m, k).reduce((sum, [j, w]) => sum + w * (q ** (2 * k - j) - q ** (2 * k)), 0);
}

/**
 * An estimate, from a problem's counts, of passAtKVariance at its rate with m samples. Where 2k <= n it is
 * unbiased: C(n-c, r) / C(n, r) is an unbiased estimate of q^r for r <= n (so a problem never solved has no
 * noise, and one solved once in many samples has some). Beyond, it is the plug-in at c / n.
 */
function estimatedVariance(problem: RunProblem, m: number, k: number): number {
  const { n, c } = problem;
  if (2 * k > n) return passAtKVariance(c / n, m, k);
  const qPower = (r: number) => (r > n - c ? 0 : Math.exp(logChoose(n - c, r) - logChoose(n, r)));
  const variance = overlapWeights(m, k).reduce(
    (sum, [j, w]) => sum + w * (qPower(2 * k - j) - qPower(2 * k)),
    0,
  );
  return Math.max(0, variance);
}

/** Mean over problems of estimatedVariance with `samples` each (today's n when null), each count once. */
function meanVariance(problems: ReadonlyArray<RunProblem>, k: number, samples: number | null): number {
  const byCount = new Map<string, number>();
  let total = 0;
  for (const problem of problems) {
    const m = samples ?? problem.n;
    const key = `${problem.c}/${problem.n}/${m}`;
    let variance = byCount.get(key);
    if (variance === undefined) {
      variance = estimatedVariance(problem, m, k);
      byCount.set(key, variance);
    }
    total += variance;
  }
  return total / problems.length;
}

function curvesOf(
  a: ReadonlyArray<RunProblem>,
  b: ReadonlyArray<RunProblem>,
  ks: ReadonlyArray<number>,
  sign: 1 | -1,
): Curves {
  const P = a.length;
  const gap = new Float64Array(ks.length);
  const observed = new Float64Array(ks.length);
  const todayNoise = new Float64Array(ks.length);
  ks.forEach((k, j) => {
    let sum = 0;
    let squares = 0;
    a.forEach((pa, i) => {
      const pb = b[i] as RunProblem;
      const d = sign * (passAtK(pa.n, pa.c, k) - passAtK(pb.n, pb.c, k));
      sum += d;
      squares += d * d;
    });
    const mean = sum / P;
    const variance = P > 1 ? (squares - P * mean * mean) / (P - 1) : 0;
    gap[j] = mean;
    observed[j] = variance;
    todayNoise[j] = meanVariance(a, k, null) + meanVariance(b, k, null);
  });
  const noise = (m: number) => Float64Array.from(ks, (k) => meanVariance(a, k, m) + meanVariance(b, k, m));
  return { gap, observed, todayNoise, noise, problems: P };
}

/** Standard error of the dataset gap at each k with `samples` per problem (null: infinitely many). */
/**
 * Standard error of the dataset gap at each k with `samples` per problem (null: infinitely many): today's
 * variance over problems with today's noise replaced by that of m samples, so that at today's n it is exactly
 * what the bootstrap sees, and it only shrinks from there.
 */
function standardErrors(curves: Curves, samples: number | null): number[] {
  const noise = samples === null ? null : curves.noise(samples);
  return Array.from(curves.gap, (_, j) => {
    const then = noise === null ? 0 : (noise[j] as number);
    const variance = Math.max(0, (curves.observed[j] as number) - (curves.todayNoise[j] as number) + then);
    return Math.sqrt(variance / curves.problems);
  });
}

/**
 * The planner's standard error of pass@k(a) - pass@k(b) at each k, were the same kind of problems sampled
 * `samples` times each: what the plan's intervals are read from.
 */
export function plannedStandardErrors(
  a: ReadonlyArray<RunProblem>,
  b: ReadonlyArray<RunProblem>,
  ks: ReadonlyArray<number>,
  samples: number | null,
): number[] {
  return standardErrors(curvesOf(a, b, ks, 1), samples);
}

function intervalAt(ks: ReadonlyArray<number>, curves: Curves, samples: number | null): PlannedInterval {
  let low: number | null = null;
  let high: number | null = null;
  const errors = standardErrors(curves, samples);
  ks.forEach((k, j) => {
    const se = errors[j] as number;
    const gap = curves.gap[j] as number;
    if (low === null && gap - Z95 * se <= 0) low = k;
    if (high === null && gap + Z95 * se <= 0) high = k;
  });
  const doublings = low !== null && high !== null ? Math.log2(high / low) : null;
  return { samples, low, high, doublings };
}

function noteOf(
  width: number,
  n: number,
  current: PlannedInterval,
  enough: PlannedInterval | undefined,
  limit: PlannedInterval,
  problems: number,
  top: number,
): string {
  if (enough === current)
    return `${n} samples per problem already give an interval within ${width} doubling(s) of k`;
  if (enough)
    return `${enough.samples} samples per problem should bring the crossover-k interval within ${width} doubling(s) of k`;
  if (limit.doublings === null)
    return `the curves are not clearly past each other by k = ${top}, even with unlimited samples for these ${problems} problems: more samples per problem let a comparison look beyond k = ${top}, where the counts say nothing`;
  if (limit.doublings > width)
    return `no number of samples per problem would: the spread of these ${problems} problems alone leaves ${limit.doublings.toFixed(1)} doublings; more problems would`;
  return `more than ${MAX_PLANNED_SAMPLES} samples per problem would be needed`;
}
