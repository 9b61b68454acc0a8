import { assertCount, MetricsError } from '../errors.js';
import { mulberry32 } from './prng.js';
import { quantileSorted } from './quantile.js';

export interface BootstrapOptions {
  /** number of resamples (default 1000) */
  resamples?: number;
  /** seed of the PRNG (default 0); the same seed gives the same intervals */
  seed?: number;
}

export const DEFAULT_RESAMPLES = 1000;

export interface Interval {
  low: number;
  high: number;
}

export function resolveBootstrap(options: BootstrapOptions | undefined): { resamples: number; seed: number } {
  const resamples = options?.resamples ?? DEFAULT_RESAMPLES;
  const seed = options?.seed ?? 0;
  assertCount(resamples, 'bootstrap resamples', 1);
  if (!Number.isInteger(seed)) throw new MetricsError(`bootstrap seed must be an integer, got ${seed}`);
  return { resamples, seed };
}

/**
 * Bootstrap over problems: `rows` is a row-major matrix, one row per problem and `columns` values
 * per row (e.g. pass@k at each reported k). Each resample draws P rows with replacement (one draw
 * serves every column, so columns stay paired) and records the column means.
 * Returns resamples x columns means, row-major.
 */
export function resampleColumnMeans(
  rows: Float64Array,
  columns: number,
  options?: BootstrapOptions,
): Float64Array {
  const { resamples, seed } = resolveBootstrap(options);
  const problems = rows.length / columns;
  if (!Number.isInteger(problems) || problems < 1) {
    throw new MetricsError('bootstrap needs at least one problem and a full row per problem');
  }
  const random = mulberry32(seed);
  const means = new Float64Array(resamples * columns);
  const sums = new Float64Array(columns);
  for (let b = 0; b < resamples; b++) {
    sums.fill(0);
    for (let draw = 0; draw < problems; draw++) {
      const offset = Math.floor(random() * problems) * columns;
      for (let j = 0; j < columns; j++) sums[j] = (sums[j] as number) + (rows[offset + j] as number);
    }
    for (let j = 0; j < columns; j++) means[b * columns + j] = (sums[j] as number) / problems;
  }
  return means;
}

/** Central percentile interval (default 95%) of one column of resampled means. */
export function percentileInterval(
  means: Float64Array,
  columns: number,
  column: number,
  level = 0.95,
): Interval {
  const resamples = means.length / columns;
  const values = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) values[b] = means[b * columns + column] as number;
  values.sort();
  const tail = (1 - level) / 2;
  return { low: quantileSorted(values, tail), high: quantileSorted(values, 1 - tail) };
}

/** Percentile bootstrap intervals of the mean of every column. */
export function bootstrapIntervals(
  rows: Float64Array,
  columns: number,
  options?: BootstrapOptions,
): Interval[] {
  const means = resampleColumnMeans(rows, columns, options);
  return Array.from({ length: columns }, (_, column) => percentileInterval(means, columns, column));
}
