/**
 * Probabilities below this are dropped. Every quantity in the maj@k computation is a probability
 * (at most 1) that is later multiplied by at most 1/P(Binomial(n, k/n) = k) < 3 sqrt(n), so even
 * 1e8 dropped terms move a result by less than 1e-14.
 */
export const NEGLIGIBLE = 1e-25;

/** The pmf of Binomial(m, p) on the range [lo, hi] outside which every term is negligible. */
export interface TrimmedPmf {
  lo: number;
  hi: number;
  /** values[x - lo] = P(X = x) */
  values: Float64Array;
  /** cumulative[x - lo] = P(X <= x) */
  cumulative: Float64Array;
}

/**
 * Binomial(m, p) pmf, computed from its mode outwards with the ratio recurrence and normalised by
 * its sum, so no factorials, lgamma or overflow are involved (relative accuracy ~1e-13).
 */
export function trimmedBinomialPmf(m: number, p: number): TrimmedPmf {
  if (m === 0 || p === 0) return pointMass(0);
  if (p === 1) return pointMass(m);
  const odds = p / (1 - p);
  const mode = Math.min(m, Math.floor((m + 1) * p));
  // Relative to the mode, whose probability is at least 1/(m + 1).
  const cutoff = NEGLIGIBLE / (m + 1);
  const above: number[] = [];
  for (let x = mode, w = 1; x < m; x++) {
    w *= ((m - x) / (x + 1)) * odds;
    if (w < cutoff) break;
    above.push(w);
  }
  const below: number[] = [];
  for (let x = mode, w = 1; x > 0; x--) {
    w *= x / ((m - x + 1) * odds);
    if (w < cutoff) break;
    below.push(w);
  }
  const values = new Float64Array(below.length + 1 + above.length);
  let at = 0;
  for (let i = below.length - 1; i >= 0; i--) values[at++] = below[i] as number;
  values[at++] = 1;
  for (const w of above) values[at++] = w;
  let total = 0;
  for (const v of values) total += v;
  // Normalise, then drop the ends that are negligible in absolute terms.
  let first = 0;
  let last = values.length - 1;
  while (first < last && (values[first] as number) / total < NEGLIGIBLE) first++;
  while (last > first && (values[last] as number) / total < NEGLIGIBLE) last--;
  const kept = values.slice(first, last + 1).map((v) => v / total);
  const lo = mode - below.length + first;
  const cumulative = new Float64Array(kept.length);
  let running = 0;
  kept.forEach((v, i) => {
    running += v;
    cumulative[i] = running;
  });
  return { lo, hi: lo + kept.length - 1, values: kept, cumulative };
}

function pointMass(x: number): TrimmedPmf {
  return { lo: x, hi: x, values: Float64Array.of(1), cumulative: Float64Array.of(1) };
}

/** P(X <= x) */
export function cdfAt(pmf: TrimmedPmf, x: number): number {
  if (x < pmf.lo) return 0;
  return x >= pmf.hi ? 1 : (pmf.cumulative[x - pmf.lo] as number);
}

export function pmfAt(pmf: TrimmedPmf, x: number): number {
  return x < pmf.lo || x > pmf.hi ? 0 : (pmf.values[x - pmf.lo] as number);
}
