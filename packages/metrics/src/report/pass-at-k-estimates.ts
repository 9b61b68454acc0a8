import { coverage } from '../pass-at-k/pass-at-k.js';
import { type BootstrapOptions, percentileInterval, resampleColumnMeans } from '../uncertainty/bootstrap.js';
import { problemStandardError, samplingStandardError } from '../uncertainty/standard-error.js';
import { assertKsWithin, column, columnMeans, type ProblemCounts, passAtKTable } from './problem-table.js';
import type { PassAtKInterval } from './types.js';

/** pass@k with its intervals: what per-problem (n, c) counts alone tell, with no answers or lengths. */
export interface PassAtKEstimates {
  k: number[];
  pass_at_k: { [k: string]: number };
  pass_at_k_ci: { [k: string]: PassAtKInterval };
  /** fraction of problems with at least one correct sample */
  coverage: number;
}

/**
 * The dataset pass@k at each k (ascending, each at most the smallest n) with the Report's intervals: the
 * same table, bootstrap and standard errors as `reportFromAggregates`, so equal counts give equal numbers.
 */
export function passAtKEstimates(
  problems: ReadonlyArray<ProblemCounts>,
  ks: ReadonlyArray<number>,
  bootstrap?: BootstrapOptions,
): PassAtKEstimates {
  assertKsWithin(ks, problems);
  const K = ks.length;
  const table = passAtKTable(problems, ks);
  const means = columnMeans(table.values, K);
  const resampled = resampleColumnMeans(table.values, K, bootstrap);
  const passAtK: PassAtKEstimates['pass_at_k'] = {};
  const intervals: PassAtKEstimates['pass_at_k_ci'] = {};
  ks.forEach((k, j) => {
    passAtK[k] = means[j] as number;
    intervals[k] = {
      se_problem: problemStandardError(column(table.values, K, j)),
      se_sampling: samplingStandardError(table.variances[j] ?? []),
      ...percentileInterval(resampled, K, j),
    };
  });
  return { k: [...ks], pass_at_k: passAtK, pass_at_k_ci: intervals, coverage: coverage(problems) };
}
