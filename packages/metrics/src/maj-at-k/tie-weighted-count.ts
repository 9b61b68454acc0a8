import { NEGLIGIBLE, pmfAt, type TrimmedPmf } from './binomial-pmf.js';

/**
 * Reusable dynamic-programming table over (r, e): r = number of other answers tied with the
 * candidate at t votes, e = votes drawn by the other answers that stay below t. Grows on demand;
 * only the bounding box of non-negligible entries is touched.
 */
export class TieTable {
  private current = new Float64Array(0);
  private next = new Float64Array(0);

  /**
   * For a candidate answer holding t of the k drawn votes, with S = k - t votes left for the rest:
   * sum over draws of the `active` answers (those that can reach t) and the `pool` (answers that
   * cannot reach t, plus unparsed samples) of P(every active answer <= t) / (1 + #tied at t),
   * under independent Binomial(m_j, k/n) draws constrained to total S. Partial weights below
   * `negligible` are dropped (every later factor is a probability, so they stay below it).
   */
  weightedCount(
    active: ReadonlyArray<TrimmedPmf>,
    t: number,
    S: number,
    pool: TrimmedPmf,
    negligible = NEGLIGIBLE,
  ): number {
    if (active.length === 0) return pmfAt(pool, S);
    const maxTies = Math.min(active.length, Math.floor(S / t));
    const stride = S + 1;
    this.ensure((maxTies + 1) * stride);
    let cur = this.current;
    let next = this.next;
    cur[0] = 1;
    let rLo = 0;
    let rHi = 0;
    let eLo = 0;
    let eHi = 0;
    // Votes the answers not yet added can still draw, so that partial totals which cannot end in
    // the pool's range are skipped: after answer i, s = t*r + e must lie in [sMin, sMax].
    let restLo = 0;
    let restHi = 0;
    for (const pmf of active) {
      restLo += pmf.lo;
      restHi += Math.min(pmf.hi, t);
    }
    for (const pmf of active) {
      restLo -= pmf.lo;
      restHi -= Math.min(pmf.hi, t);
      const sMin = S - pool.hi - restHi;
      const sMax = S - pool.lo - restLo;
      const belowLo = pmf.lo;
      const values = pmf.values;
      const belowHi = Math.min(pmf.hi, t - 1);
      const canStayBelow = belowLo <= belowHi;
      const tie = pmfAt(pmf, t);
      const nrLo = canStayBelow ? rLo : rLo + 1;
      const nrHi = Math.min(maxTies, tie > 0 ? rHi + 1 : rHi);
      const neLo = tie > 0 || !canStayBelow ? eLo : eLo + belowLo;
      const neHi = Math.min(S, canStayBelow ? eHi + belowHi : eHi);
      if (nrLo > nrHi || neLo > neHi) return 0;
      for (let r = nrLo; r <= nrHi; r++) next.fill(0, r * stride + neLo, r * stride + neHi + 1);
      for (let r = rLo; r <= rHi; r++) {
        const row = r * stride;
        for (let e = eLo; e <= eHi; e++) {
          const weight = cur[row + e] as number;
          if (weight < negligible) continue;
          const drawn = t * r + e;
          const budget = S - drawn;
          // next[row + e + x] += weight * P(x) for the x that keep the total feasible
          const at = row + e + belowLo;
          const last = Math.min(belowHi, budget, sMax - drawn) - belowLo;
          for (let i = Math.max(0, sMin - drawn - belowLo); i <= last; i++) {
            next[at + i] = (next[at + i] as number) + weight * (values[i] as number);
          }
          if (tie > 0 && r < maxTies && budget >= t && drawn + t >= sMin && drawn + t <= sMax) {
            const at = row + stride + e;
            next[at] = (next[at] as number) + weight * tie;
          }
        }
      }
      [cur, next] = [next, cur];
      // Shrink the box to the entries that still matter.
      let boxRLo = Number.POSITIVE_INFINITY;
      let boxRHi = -1;
      let boxELo = Number.POSITIVE_INFINITY;
      let boxEHi = -1;
      for (let r = nrLo; r <= nrHi; r++) {
        const row = r * stride;
        for (let e = neLo; e <= neHi; e++) {
          if ((cur[row + e] as number) < negligible) continue;
          if (r < boxRLo) boxRLo = r;
          boxRHi = r;
          if (e < boxELo) boxELo = e;
          if (e > boxEHi) boxEHi = e;
        }
      }
      if (boxRHi < 0) return 0;
      rLo = boxRLo;
      rHi = boxRHi;
      eLo = boxELo;
      eHi = boxEHi;
    }
    this.current = cur;
    this.next = next;
    let total = 0;
    for (let r = rLo; r <= rHi; r++) {
      let rowTotal = 0;
      for (let e = eLo; e <= eHi; e++) {
        const weight = cur[r * stride + e] as number;
        if (weight > 0) rowTotal += weight * pmfAt(pool, S - t * r - e);
      }
      total += rowTotal / (1 + r);
    }
    return total;
  }

  private ensure(size: number): void {
    if (this.current.length >= size) return;
    this.current = new Float64Array(size);
    this.next = new Float64Array(size);
  }
}
