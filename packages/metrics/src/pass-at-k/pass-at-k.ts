import { assertCount, assertSampleCounts, MetricsError } from '../errors.js';

// Below this log-probability of "all k samples wrong", 1 - e^L rounds to exactly 1 in doubles
// (e^-40 < 2^-54), and L only decreases with k, so the rest of a curve is 1.
const LOG_NEGLIGIBLE = -40;

/** log((n-c-i)/(n-i)) = log1p(-c/d), in whichever form is well conditioned for this ratio. */
function logFailRatio(c: number, d: number): number {
  const x = c / d;
  return x < 0.5 ? Math.log1p(-x) : Math.log((d - c) / d);
}

/** 1 - e^L without cancellation; 0 - expm1 so that L = 0 gives +0, not -0. */
function oneMinusExp(logFail: number): number {
  return logFail < LOG_NEGLIGIBLE ? 1 : 0 - Math.expm1(logFail);
}

/**
 * Unbiased pass@k estimator for one problem: 1 - C(n-c,k)/C(n,k).
 * Computed as -expm1(sum_{i<k} log1p(-c/(n-i))): the product form of the binomial ratio in log space,
 * accurate to ~1e-15 relative (the tests hold it to 1e-12 against exact rationals up to n = 4096).
 */
export function passAtK(n: number, c: number, k: number): number {
  assertSampleCounts(n, c, k, 'pass@k');
  if (k > n - c) return 1;
  if (k === 1) return c / n; // exact, rather than within an ulp
  let logFail = 0;
  for (let i = 0; i < k; i++) {
    logFail += logFailRatio(c, n - i);
    if (logFail < LOG_NEGLIGIBLE) return 1;
  }
  return oneMinusExp(logFail);
}

/** pass@k for every k = 1..n (index k-1) as one running sum: O(n). */
export function passAtKCurve(n: number, c: number): Float64Array {
  assertSampleCounts(n, c, 1, 'pass@k');
  const curve = new Float64Array(n);
  let logFail = 0;
  for (let k = 1; k <= n; k++) {
    if (k > n - c || logFail < LOG_NEGLIGIBLE) {
      curve.fill(1, k - 1);
      break;
    }
    logFail += logFailRatio(c, n - k + 1);
    curve[k - 1] = oneMinusExp(logFail);
  }
  curve[0] = c / n;
  return curve;
}

/**
 * C(n-c,k)/C(n,k) for k = 0..kMax (index k): the probability that k samples drawn without
 * replacement are all wrong. Used by the sampling variance, which needs k up to 2k.
 */
export function allWrongCurve(n: number, c: number, kMax: number): Float64Array {
  const curve = new Float64Array(kMax + 1);
  curve[0] = 1;
  let logFail = 0;
  for (let k = 1; k <= kMax && k <= n - c; k++) {
    logFail += logFailRatio(c, n - k + 1);
    curve[k] = Math.exp(logFail);
  }
  return curve;
}

/** pass^k (all k correct): C(c,k)/C(n,k) = prod_{i<k} (c-i)/(n-i), a running product. */
export function passHatK(n: number, c: number, k: number): number {
  assertSampleCounts(n, c, k, 'pass^k');
  if (k > c) return 0;
  let allRight = 1;
  for (let i = 0; i < k; i++) allRight *= (c - i) / (n - i);
  return allRight;
}

/** pass^k for every k = 1..n (index k-1). */
export function passHatKCurve(n: number, c: number): Float64Array {
  assertSampleCounts(n, c, 1, 'pass^k');
  const curve = new Float64Array(n);
  let allRight = 1;
  for (let k = 1; k <= c; k++) {
    allRight *= (c - k + 1) / (n - k + 1);
    curve[k - 1] = allRight;
  }
  return curve;
}

/**
 * Unbiased estimate of the sampling variance of the pass@k estimator for one problem:
 * with r_k = C(n-c,k)/C(n,k), E[r_k^2] - (1-p)^{2k} is estimated without bias by r_k^2 - r_{2k},
 * which needs 2k <= n (null otherwise). Never negative: r_{2k} = r_k * (k smaller factors).
 */
export function passAtKSamplingVariance(n: number, c: number, k: number): number | null {
  assertSampleCounts(n, c, k, 'pass@k');
  if (2 * k > n) return null;
  const allWrong = allWrongCurve(n, c, 2 * k);
  return samplingVarianceFrom(allWrong, k);
}

/** r_k^2 - r_{2k} from an allWrongCurve that reaches 2k. */
export function samplingVarianceFrom(allWrong: Float64Array, k: number): number {
  const rk = allWrong[k] ?? 0;
  const r2k = allWrong[2 * k] ?? 0;
  return Math.max(0, rk * rk - r2k);
}

/** Number of problems with at least one correct sample, as a fraction. */
export function coverage(problems: ReadonlyArray<{ n: number; c: number }>): number {
  if (problems.length === 0) throw new MetricsError('coverage needs at least one problem');
  let covered = 0;
  for (const { n, c } of problems) {
    assertCount(n, 'n (samples)', 1);
    if (!Number.isInteger(c) || c < 0 || c > n) throw new MetricsError(`c=${c} must be in 0..n=${n}`);
    if (c > 0) covered++;
  }
  return covered / problems.length;
}

/**
 * pass@k of one problem at the given ascending ks (all <= n), with the unbiased sampling variance
 * at each k (null when 2k > n), in one O(min(n, 2 max k)) pass.
 */
export function passAtKPoints(
  n: number,
  c: number,
  ks: ReadonlyArray<number>,
): { pass: Float64Array; variance: Array<number | null> } {
  const kMax = ks[ks.length - 1] ?? 1;
  assertSampleCounts(n, c, kMax, 'pass@k');
  const reach = Math.min(n, 2 * kMax);
  // logFail[k] = log C(n-c,k)/C(n,k); -Infinity once k > n - c.
  const logFail = new Float64Array(reach + 1);
  for (let k = 1; k <= reach; k++) {
    logFail[k] =
      k > n - c ? Number.NEGATIVE_INFINITY : (logFail[k - 1] as number) + logFailRatio(c, n - k + 1);
  }
  const pass = new Float64Array(ks.length);
  const variance: Array<number | null> = [];
  ks.forEach((k, i) => {
    const lk = logFail[k] as number;
    pass[i] = k === 1 ? c / n : oneMinusExp(lk);
    variance.push(2 * k > n ? null : Math.max(0, Math.exp(2 * lk) - Math.exp(logFail[2 * k] as number)));
  });
  return { pass, variance };
}
