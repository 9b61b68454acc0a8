// Which problems each run solves at all (pass@n: some sample of n is correct), split four ways, and the exact
// McNemar test on the two discordant counts: did one run solve problems the other never did more often than
// chance would have it? This is the per-problem evidence behind a large-k gap (Yue et al.'s coverage).
import type { RunProblem } from './compare-runs.js';

export interface CoverageSplit {
  /** problems solved by a's samples and by none of b's, and so on; ids in the order given */
  only_a: string[];
  only_b: string[];
  both: string[];
  neither: string[];
}

export interface CoverageTest {
  only_a: number;
  only_b: number;
  /** two-sided exact McNemar p-value: a binomial(only_a + only_b, 1/2) as extreme as observed; 1 without discordant problems */
  p_value: number;
}

/** The four-way split of paired problems (rowsA[i] and rowsB[i] are the same problem). */
export function coverageSplit(
  rowsA: ReadonlyArray<RunProblem>,
  rowsB: ReadonlyArray<RunProblem>,
): CoverageSplit {
  const split: CoverageSplit = { only_a: [], only_b: [], both: [], neither: [] };
  rowsA.forEach((a, i) => {
    const solvedA = a.c > 0;
    const solvedB = (rowsB[i] as RunProblem).c > 0;
    const group = solvedA ? (solvedB ? 'both' : 'only_a') : solvedB ? 'only_b' : 'neither';
    split[group].push(a.problem_id);
  });
  return split;
}

/** Two-sided exact McNemar test on the discordant counts (in log space: exact for any count). */
export function exactMcNemar(onlyA: number, onlyB: number): CoverageTest {
  const m = onlyA + onlyB;
  if (m === 0) return { only_a: onlyA, only_b: onlyB, p_value: 1 };
  const smaller = Math.min(onlyA, onlyB);
  // log C(m, i) - m log 2 for i = 0..smaller, summed with log-sum-exp
  const logTerms: number[] = [];
  let logChoose = 0;
  for (let i = 0; i <= smaller; i++) {
    if (i > 0) logChoose += Math.log(m - i + 1) - Math.log(i);
    logTerms.push(logChoose - m * Math.LN2);
  }
  const top = Math.max(...logTerms);
  const tail = Math.exp(top) * logTerms.reduce((sum, term) => sum + Math.exp(term - top), 0);
  return { only_a: onlyA, only_b: onlyB, p_value: Math.min(1, 2 * tail) };
}
