import { ApiError } from '../errors.js';
import {
  type GenerationRecord,
  MetricsError,
  type Report,
  resolveMode,
  type ScoredSample,
  ScoringError,
  scoreGenerations,
  type Task,
  VerifierOptionError,
} from './scoring-packages.js';
import { defaultTasksetName, type LoadedTaskset, loadTaskset } from './tasksets.js';

export interface ScoreInput {
  task: string;
  taskset?: string | undefined;
  mode?: string | undefined;
  k?: number[] | undefined;
  detail?: boolean;
  records: GenerationRecord[];
  /** NDJSON line of each record, so errors can name the line instead of the index. */
  lines?: number[];
}

export interface ScoreOutput {
  report: Report;
  samples: ScoredSample[];
  taskset: LoadedTaskset | null;
  mode: string;
}

/** Checks task and mode before any record is read; 422 naming the field. */
export function resolveTaskMode(task: string, mode: string | undefined): { task: Task; mode: string } {
  try {
    return resolveMode(task, mode);
  } catch (error) {
    if (error instanceof VerifierOptionError) {
      const field = error.option;
      throw new ApiError('invalid_request', `${field}: ${error.message}`, { field });
    }
    throw error;
  }
}

/** The taskset records refer to: the named one, else the task's default unless every record has a reference. */
export function resolveTaskset(
  task: Task,
  name: string | undefined,
  records: readonly GenerationRecord[],
): LoadedTaskset | null {
  if (name !== undefined) return loadTaskset(task, name);
  const needsTaskset = records.some((record) => record.reference === undefined);
  return needsTaskset ? loadTaskset(task, defaultTasksetName(task)) : null;
}

/** Maps the scoring packages' errors for client input to 422s naming the record (or its NDJSON line). */
export function scoringApiError(error: unknown, lines?: number[]): ApiError | null {
  if (error instanceof ScoringError) {
    const line = lines?.[error.index];
    const field = `records.${error.index}`;
    const where = line === undefined ? field : `line ${line}`;
    return new ApiError(
      'invalid_request',
      `${where}: ${error.message}`,
      line === undefined ? { field } : { field, line },
    );
  }
  if (error instanceof MetricsError)
    return new ApiError('invalid_request', `k: ${error.message}`, { field: 'k' });
  if (error instanceof VerifierOptionError)
    return new ApiError('invalid_request', `mode: ${error.message}`, { field: 'mode' });
  return null;
}

/** Scores records through the same `scoreGenerations` as the CLI's `crossover score`. */
export function scoreRecords(input: ScoreInput): ScoreOutput {
  const { task, mode } = resolveTaskMode(input.task, input.mode);
  const taskset = resolveTaskset(task, input.taskset, input.records);
  try {
    const result = scoreGenerations({
      task,
      mode,
      taskset: taskset?.taskset ?? null,
      problems: taskset?.problems ?? null,
      records: input.records,
      k: input.k,
      detail: input.detail ?? false,
    });
    return { report: result.report, samples: result.samples, taskset, mode };
  } catch (error) {
    throw scoringApiError(error, input.lines) ?? error;
  }
}
