/**
 * Problem-level standard error of a dataset mean: the sample standard deviation of the per-problem
 * values (n - 1 denominator) over sqrt(P). With a single problem no spread is observable: 0.
 */
export function problemStandardError(values: ArrayLike<number>): number {
  const count = values.length;
  if (count < 2) return 0;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += values[i] as number;
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) {
    const d = (values[i] as number) - mean;
    squares += d * d;
  }
  return Math.sqrt(squares / (count - 1) / count);
}

/**
 * Sampling-only standard error of a dataset mean of per-problem estimators, from each problem's
 * unbiased variance estimate: sqrt(sum v_p) / P. null when any problem has no estimate (2k > n).
 */
export function samplingStandardError(variances: ReadonlyArray<number | null>): number | null {
  if (variances.length === 0) return null;
  let sum = 0;
  for (const v of variances) {
    if (v === null) return null;
    sum += v;
  }
  return Math.sqrt(sum) / variances.length;
}
