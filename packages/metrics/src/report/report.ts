import { aggregateSamples, lengthsIn } from '../aggregate/aggregate.js';
import type { LengthUnit, ProblemAggregate, ScoredSample } from '../aggregate/types.js';
import { assertCount, MetricsError } from '../errors.js';
import { normaliseKs, powersOfTwoGrid } from '../k-grid/k-grid.js';
import { lengthStats, meanOrNull } from '../lengths/length-stats.js';
import { type AnswerGroup, MajAtKCache, majAtKFromGroups, pluralityAnswer } from '../maj-at-k/maj-at-k.js';
import { passHatK } from '../pass-at-k/pass-at-k.js';
import { degenerateSampling } from './degenerate.js';
import { passAtKEstimates } from './pass-at-k-estimates.js';
import { assertKsWithin, passAtKTable, smallestProblem } from './problem-table.js';
import type { ProblemRow, Report, ReportOptions } from './types.js';

export interface BuildReportInput extends ReportOptions {
  samples: ReadonlyArray<ScoredSample>;
}

/** The Report of a set of scored samples: reportFromAggregates(aggregateSamples(samples)). */
export function buildReport(input: BuildReportInput): Report {
  const { samples, ...options } = input;
  return reportFromAggregates(aggregateSamples(samples), options);
}

/** The Report of per-problem aggregates (e.g. merged chunk by chunk). */
export function reportFromAggregates(
  aggregates: ReadonlyArray<ProblemAggregate>,
  options: ReportOptions,
): Report {
  checkAggregates(aggregates);
  const ks = options.k ? normaliseKs(options.k) : powersOfTwoGrid(smallestProblem(aggregates).n);
  if (ks.length === 0) throw new MetricsError('at least one k is needed');
  assertKsWithin(ks, aggregates);
  const keys = ks.map(String);
  const estimates = passAtKEstimates(aggregates, ks, options.bootstrap);
  const groups = aggregates.map(answerGroups);
  const majCache = new MajAtKCache();

  const report: Report = {
    task: options.task,
    mode: options.mode,
    taskset: options.taskset,
    n_problems: aggregates.length,
    n_samples: sum(aggregates.map((a) => a.n)),
    samples_per_problem: spread(aggregates.map((a) => a.n)),
    k: ks,
    pass_at_k: estimates.pass_at_k,
    pass_at_k_ci: estimates.pass_at_k_ci,
    pass_hat_k: record(keys, (j) => meanOver(aggregates, (a) => passHatK(a.n, a.c, ks[j] as number))),
    maj_at_k: record(keys, (j) =>
      meanOver(aggregates, (a, p) =>
        majAtKFromGroups(groups[p] ?? [], a.no_answer, ks[j] as number, majCache),
      ),
    ),
    coverage: estimates.coverage,
    reasons: sumReasons(aggregates),
    degenerate: degenerateSampling(aggregates),
    lengths: lengthSummary(aggregates),
  };
  if (options.detail)
    report.per_problem = problemRows(
      aggregates,
      keys,
      passAtKTable(aggregates, ks).values,
      report.lengths.unit,
    );
  return report;
}

function checkAggregates(aggregates: ReadonlyArray<ProblemAggregate>): void {
  if (aggregates.length === 0) throw new MetricsError('no samples: a report needs at least one problem');
  const seen = new Set<string>();
  for (const a of aggregates) {
    if (seen.has(a.problem_id)) {
      throw new MetricsError(`problem ${a.problem_id} appears twice; merge its aggregates first`);
    }
    seen.add(a.problem_id);
    assertCount(a.n, `n of problem ${a.problem_id}`, 1);
    assertCount(a.c, `c of problem ${a.problem_id}`, 0);
    if (a.c > a.n) throw new MetricsError(`problem ${a.problem_id} has c=${a.c} > n=${a.n}`);
    const answered = sum(Object.values(a.answers).map((g) => g.count));
    if (answered + a.no_answer !== a.n) {
      throw new MetricsError(
        `problem ${a.problem_id}: answer counts (${answered}) + no_answer (${a.no_answer}) != n (${a.n})`,
      );
    }
  }
}

function answerGroups(a: ProblemAggregate): AnswerGroup[] {
  return Object.values(a.answers);
}

function lengthSummary(aggregates: ReadonlyArray<ProblemAggregate>): Report['lengths'] {
  const unit: LengthUnit = aggregates.every((a) => a.length_unit === 'tokens') ? 'tokens' : 'chars';
  const correct: number[] = [];
  const incorrect: number[] = [];
  let truncated: number[] | null = null;
  for (const a of aggregates) {
    const lengths = lengthsIn(a, unit);
    for (const v of lengths.correct) correct.push(v);
    for (const v of lengths.incorrect) incorrect.push(v);
    if (lengths.truncated) {
      truncated ??= [];
      for (const v of lengths.truncated) truncated.push(v);
    }
  }
  return {
    unit,
    correct: lengthStats(correct),
    incorrect: lengthStats(incorrect),
    truncated: truncated ? lengthStats(truncated) : null,
  };
}

function problemRows(
  aggregates: ReadonlyArray<ProblemAggregate>,
  keys: ReadonlyArray<string>,
  values: Float64Array,
  unit: LengthUnit,
): ProblemRow[] {
  return aggregates.map((a, p) => {
    const lengths = lengthsIn(a, unit);
    return {
      problem_id: a.problem_id,
      n: a.n,
      c: a.c,
      pass_at_k: record(keys, (j) => values[p * keys.length + j] as number),
      maj_answer: pluralityAnswer(Object.entries(a.answers).map(([answer, g]) => [answer, g.count] as const)),
      mean_length_correct: meanOrNull(lengths.correct),
      mean_length_incorrect: meanOrNull(lengths.incorrect),
    };
  });
}

function sumReasons(aggregates: ReadonlyArray<ProblemAggregate>): Report['reasons'] {
  const reasons: Report['reasons'] = Object.create(null);
  for (const a of aggregates) {
    for (const [reason, count] of Object.entries(a.reasons)) reasons[reason] = (reasons[reason] ?? 0) + count;
  }
  // A plain object again, so the report compares and serialises like any JSON value.
  return { ...reasons };
}

function record<T>(keys: ReadonlyArray<string>, value: (index: number) => T): { [key: string]: T } {
  const out: { [key: string]: T } = {};
  keys.forEach((key, index) => {
    out[key] = value(index);
  });
  return out;
}

function meanOver(
  aggregates: ReadonlyArray<ProblemAggregate>,
  value: (a: ProblemAggregate, index: number) => number,
): number {
  let total = 0;
  aggregates.forEach((a, index) => {
    total += value(a, index);
  });
  return total / aggregates.length;
}

function sum(values: ReadonlyArray<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function spread(values: ReadonlyArray<number>): { min: number; max: number; mean: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { min, max, mean: sum(values) / values.length };
}
