import { MetricsError } from '../errors.js';

export interface CrossoverPoint {
  /** the run behind at the first k of the grid; null when the runs tie there */
  behind: 'a' | 'b' | null;
  /** first k at which the run that was behind is ahead or tied; null when it never catches up */
  k: number | null;
}

/**
 * Crossover of two dataset curves measured on the same problems at the same ks (ascending,
 * normally starting at k = 1): the first k at which the run that was behind at the first k is
 * ahead or tied.
 */
export function crossoverK(
  ks: ReadonlyArray<number>,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): CrossoverPoint {
  if (ks.length === 0 || a.length !== ks.length || b.length !== ks.length) {
    throw new MetricsError('crossoverK needs two curves with one value per k');
  }
  const a0 = a[0] as number;
  const b0 = b[0] as number;
  if (a0 === b0) return { behind: null, k: null };
  const behind = a0 < b0 ? 'a' : 'b';
  const index = catchUpIndex(a, b, behind, 1);
  return { behind, k: index === null ? null : (ks[index] as number) };
}

/** First index i >= from at which the `behind` run is ahead of or tied with the other; null if none. */
export function catchUpIndex(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  behind: 'a' | 'b',
  from: number,
): number | null {
  const [lagging, leading] = behind === 'a' ? [a, b] : [b, a];
  for (let i = from; i < lagging.length; i++) {
    if ((lagging[i] as number) >= (leading[i] as number)) return i;
  }
  return null;
}
