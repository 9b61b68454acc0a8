import { quantileSorted } from '../uncertainty/quantile.js';

export interface LengthStats {
  count: number;
  /** null when count is 0 */
  mean: number | null;
  median: number | null;
  p90: number | null;
}

/** count, mean, median and 90th percentile (linear interpolation between order statistics). */
export function lengthStats(values: ReadonlyArray<number>): LengthStats {
  if (values.length === 0) return { count: 0, mean: null, median: null, p90: null };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    median: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
  };
}

export function meanOrNull(values: ReadonlyArray<number>): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
