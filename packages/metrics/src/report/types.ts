import type { LengthUnit } from '../aggregate/types.js';
import type { LengthStats } from '../lengths/length-stats.js';
import type { BootstrapOptions } from '../uncertainty/bootstrap.js';
import type { DegenerateSampling } from './degenerate.js';

export interface TaskSetRef {
  task: string;
  split: string;
  version: string;
  size: number;
  digest: string;
}

export interface ReportOptions {
  task: string;
  /** the verifier mode the samples were scored with */
  mode: string;
  taskset: TaskSetRef | null;
  /** ks to report (default: 1, 2, 4, ... up to the smallest n, that n included) */
  k?: ReadonlyArray<number>;
  /** bootstrap over problems for pass_at_k_ci low/high (default 1000 resamples, seed 0) */
  bootstrap?: BootstrapOptions;
  /** include per_problem rows */
  detail?: boolean;
}

export interface PassAtKInterval {
  /** sd of the per-problem values / sqrt(P) */
  se_problem: number;
  /** from the unbiased per-problem variance of the estimator; null when 2k > n for some problem */
  se_sampling: number | null;
  /** 95% percentile bootstrap interval over problems */
  low: number;
  high: number;
}

export interface ProblemRow {
  problem_id: string;
  n: number;
  c: number;
  pass_at_k: { [k: string]: number };
  /** plurality answer over all n samples; ties go to the answer that sorts first */
  maj_answer: string | null;
  mean_length_correct: number | null;
  mean_length_incorrect: number | null;
}

export interface Report {
  task: string;
  mode: string;
  taskset: TaskSetRef | null;
  n_problems: number;
  n_samples: number;
  samples_per_problem: { min: number; max: number; mean: number };
  /** the reported ks, ascending */
  k: number[];
  /** dataset means over problems */
  pass_at_k: { [k: string]: number };
  pass_at_k_ci: { [k: string]: PassAtKInterval };
  pass_hat_k: { [k: string]: number };
  maj_at_k: { [k: string]: number };
  /** fraction of problems with at least one correct sample */
  coverage: number;
  /** verdict reasons counted over all samples */
  reasons: { [reason: string]: number };
  /** problems whose every sample gave one answer (absent from reports made before it was counted) */
  degenerate?: DegenerateSampling;
  lengths: {
    unit: LengthUnit;
    correct: LengthStats;
    incorrect: LengthStats;
    /** null when no sample said whether it was truncated */
    truncated: LengthStats | null;
  };
  per_problem?: ProblemRow[];
}
