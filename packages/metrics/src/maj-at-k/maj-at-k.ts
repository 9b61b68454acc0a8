import { assertCount, MetricsError } from '../errors.js';
import { cdfAt, NEGLIGIBLE, pmfAt, type TrimmedPmf, trimmedBinomialPmf } from './binomial-pmf.js';
import { TieTable } from './tie-weighted-count.js';

/** All samples of a problem that extracted the same answer. */
export interface AnswerGroup {
  count: number;
  correct: boolean;
}

/**
 * maj@k: the expected correctness of a plurality vote over k samples drawn without replacement
 * from the n samples of a problem, averaged exactly over all C(n,k) subsets.
 * - Samples with no extracted answer (`null`) never vote; a subset of only those is wrong.
 * - Ties between the top answers are broken uniformly at random: a subset whose vote ties r + 1
 *   answers, one of them correct, scores 1/(r + 1) (the expected value of a random tie-break).
 * `correct` is either one flag per sample (an answer is correct when every sample that gave it
 * was judged correct) or the correct answer itself (compared as exact strings).
 */
export function majAtK(
  answers: ReadonlyArray<string | null>,
  correct: ReadonlyArray<boolean> | string,
  k: number,
): number {
  if (typeof correct !== 'string' && correct.length !== answers.length) {
    throw new MetricsError(`majAtK got ${answers.length} answers but ${correct.length} correctness flags`);
  }
  const groups = new Map<string, AnswerGroup>();
  let noAnswer = 0;
  answers.forEach((answer, i) => {
    if (answer === null) {
      noAnswer++;
      return;
    }
    const isCorrect = typeof correct === 'string' ? answer === correct : correct[i] === true;
    const group = groups.get(answer);
    if (group) {
      group.count++;
      group.correct &&= isCorrect;
    } else {
      groups.set(answer, { count: 1, correct: isCorrect });
    }
  });
  return majAtKFromGroups([...groups.values()], noAnswer, k);
}

/**
 * maj@k from answer counts alone (what a ProblemAggregate stores). Counting argument: with
 * p = k/n, the multivariate hypergeometric law of the vote counts equals independent
 * Binomial(m_j, p) draws conditioned on their total being k, so
 *   P(answer g wins) = sum_t P(x_g = t) * E[ 1{all others <= t} / (1 + #others at t) ; total k - t ]
 *                      / P(Binomial(n, p) = k),
 * where answers that cannot reach t merge with unparsed samples into one binomial. Cost is about
 * the width of the binomial pmfs (a few times sqrt(n)) per level t, not the number of subsets.
 */
export function majAtKFromGroups(
  groups: ReadonlyArray<AnswerGroup>,
  noAnswer: number,
  k: number,
  cache: MajAtKCache = new MajAtKCache(),
): number {
  assertCount(noAnswer, 'no_answer', 0);
  assertCount(k, 'k', 1);
  let n = noAnswer;
  for (const g of groups) {
    assertCount(g.count, 'answer count', 0);
    n += g.count;
  }
  if (n === 0) throw new MetricsError('maj@k needs at least one sample');
  if (k > n) throw new MetricsError(`maj@k needs k <= n: got k=${k} with n=${n} samples`);
  const voting = groups.filter((g) => g.count > 0);
  if (!voting.some((g) => g.correct)) return 0;
  if (k === n) return fullVote(voting);
  if (k === 1) return voting.reduce((sum, g) => sum + (g.correct ? g.count : 0), 0) / n;

  const pmfs = cache.pmfs(k / n);
  const sizes = voting.map((g) => g.count).sort((a, b) => b - a);
  // Every answer with the same count has the same chance to win; compute it once per count.
  const correctPerSize = new Map<number, number>();
  for (const g of voting) if (g.correct) correctPerSize.set(g.count, (correctPerSize.get(g.count) ?? 0) + 1);
  const table = cache.table;
  const normaliser = pmfAt(pmfs.get(n), k);
  let credit = 0;
  for (const [size, howMany] of correctPerSize) {
    credit += howMany * winWeight(size, sizes, noAnswer, k, pmfs, table, normaliser);
  }
  const result = credit / normaliser;
  return Math.min(1, Math.max(0, result));
}

/** Unnormalised chance that one particular answer with `size` votes wins (ties split). */
function winWeight(
  size: number,
  allSizes: ReadonlyArray<number>,
  noAnswer: number,
  k: number,
  pmfs: PmfCache,
  table: TieTable,
  normaliser: number,
): number {
  // A term that would add less than this to the final probability is dropped.
  const droppable = NEGLIGIBLE * normaliser;
  const others = [...allSizes];
  others.splice(others.indexOf(size), 1);
  const own = pmfs.get(size);
  let total = 0;
  for (let t = Math.max(1, own.lo); t <= Math.min(own.hi, k); t++) {
    let pool = noAnswer;
    const active: TrimmedPmf[] = [];
    let beaten = false;
    for (const other of others) {
      const pmf = other < t ? undefined : pmfs.get(other);
      if (!pmf || pmf.hi < t) {
        pool += other; // can never reach t votes: free, like an unparsed sample
      } else if (pmf.lo > t) {
        beaten = true; // always more than t votes (up to negligible probability)
        break;
      } else {
        active.push(pmf);
      }
    }
    if (beaten) continue;
    const ownWeight = pmfAt(own, t);
    // Without the fixed total the draws are independent: P(all active <= t) bounds the weighted count.
    let bound = ownWeight;
    for (const pmf of active) bound *= cdfAt(pmf, t);
    if (bound < droppable) continue;
    total += ownWeight * table.weightedCount(active, t, k - t, pmfs.get(pool), droppable / ownWeight);
  }
  return total;
}

/** k = n: a single subset, the vote over all samples. */
function fullVote(groups: ReadonlyArray<AnswerGroup>): number {
  let top = 0;
  for (const g of groups) top = Math.max(top, g.count);
  const tied = groups.filter((g) => g.count === top);
  return tied.filter((g) => g.correct).length / tied.length;
}

/**
 * Work shared between maj@k calls (binomial pmfs per k/n, the DP table): pass one instance when
 * computing many problems, e.g. a whole report.
 */
export class MajAtKCache {
  readonly table = new TieTable();
  private readonly byRatio = new Map<number, PmfCache>();

  pmfs(p: number): PmfCache {
    let cache = this.byRatio.get(p);
    if (!cache) {
      cache = new PmfCache(p);
      this.byRatio.set(p, cache);
    }
    return cache;
  }
}

class PmfCache {
  private readonly cache = new Map<number, TrimmedPmf>();
  constructor(private readonly p: number) {}

  get(m: number): TrimmedPmf {
    let pmf = this.cache.get(m);
    if (!pmf) {
      pmf = trimmedBinomialPmf(m, this.p);
      this.cache.set(m, pmf);
    }
    return pmf;
  }
}

/**
 * The most frequent extracted answer over all samples (null when none was extracted); ties go to
 * the answer that sorts first, so the result does not depend on sample order.
 */
export function pluralityAnswer(counts: ReadonlyArray<readonly [string, number]>): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [answer, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && answer < best)) {
      best = answer;
      bestCount = count;
    }
  }
  return best;
}
