/**
 * Quantile q of ascending values with linear interpolation between order statistics
 * (Hyndman-Fan type 7, the default of R and NumPy): the median of an even count is the mean of
 * the two middle values.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const last = sorted.length - 1;
  const position = q * last;
  const below = Math.floor(position);
  const above = Math.min(below + 1, last);
  const low = sorted[below] as number;
  const high = sorted[above] as number;
  return low + (high - low) * (position - below);
}
