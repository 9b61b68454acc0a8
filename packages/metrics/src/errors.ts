/** The one error this package throws: bad arguments (k > n, c > n, empty input, ...). */
export class MetricsError extends Error {
  override readonly name = 'MetricsError';
}

export function assertCount(value: number, what: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new MetricsError(`${what} must be an integer >= ${min}, got ${value}`);
  }
}

/** Shared by every estimator over n samples of which c are correct, at a given k. */
export function assertSampleCounts(n: number, c: number, k: number, metric: string): void {
  assertCount(n, 'n (samples)', 1);
  assertCount(c, 'c (correct samples)', 0);
  assertCount(k, 'k', 1);
  if (c > n) throw new MetricsError(`c=${c} correct samples exceed n=${n} samples`);
  if (k > n) {
    // Popular tools silently return 1.0 here; an estimate of pass@k needs at least k samples.
    const hint = n === 1 ? ' (one sample per problem only supports k=1)' : '';
    throw new MetricsError(`${metric} needs k <= n: got k=${k} with n=${n} samples${hint}`);
  }
}
