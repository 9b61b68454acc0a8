import { binValues, niceBinEdges } from '@crossover/plots';
import type { ProblemAggregate, Report } from './scoring-packages.js';

/** Correct and incorrect answer lengths of a run, binned on shared edges. */
export interface LengthHistogram {
  unit: 'tokens' | 'chars';
  edges: number[];
  correct: number[];
  incorrect: number[];
}

const BINS = 24;

/** The aggregate's lengths in the report's unit (characters are kept alongside tokens). */
function lengthsOf(aggregate: ProblemAggregate, unit: LengthHistogram['unit']) {
  if (aggregate.length_unit === unit) {
    return { correct: aggregate.lengths_correct, incorrect: aggregate.lengths_incorrect };
  }
  return { correct: aggregate.chars_correct ?? [], incorrect: aggregate.chars_incorrect ?? [] };
}

/** Bins every sample's length, correct and incorrect on the same edges; null without any length. */
export function lengthHistogram(
  aggregates: readonly ProblemAggregate[],
  unit: LengthHistogram['unit'],
): LengthHistogram | null {
  const correct: number[] = [];
  const incorrect: number[] = [];
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const aggregate of aggregates) {
    const lengths = lengthsOf(aggregate, unit);
    for (const value of lengths.correct) correct.push(value);
    for (const value of lengths.incorrect) incorrect.push(value);
  }
  for (const value of [...correct, ...incorrect]) {
    if (!Number.isFinite(value)) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (min > max) return null;
  const bins = binValues([correct, incorrect], niceBinEdges(min, max, BINS));
  return {
    unit,
    edges: bins.edges,
    correct: bins.counts[0] ?? [],
    incorrect: bins.counts[1] ?? [],
  };
}

/** Stores a scored run's length histogram (in the batch that stores its report, after it). */
export function lengthHistogramStatement(
  db: D1Database,
  runId: string,
  aggregates: readonly ProblemAggregate[],
  report: Pick<Report, 'lengths'>,
): D1PreparedStatement {
  const histogram = lengthHistogram(aggregates, report.lengths.unit);
  return db
    .prepare("UPDATE runs SET length_histogram = ? WHERE id = ? AND status = 'scored'")
    .bind(histogram === null ? null : JSON.stringify(histogram), runId);
}
