import {
  type BuildReportInput,
  buildReport,
  type Report,
  type ScoredSample,
  type TaskSetRef,
} from '@crossover/metrics';
import { resolveMode, type Task, type Verdict, verify } from '@crossover/verifiers';
import { PromptIndex } from './prompt-index.js';
import { type GenerationRecord, ScoringError, stableJson } from './records.js';

/** The part of a Problem that scoring needs. */
export interface ScorableProblem {
  id: string;
  reference: unknown;
  prompt?: string;
}

export interface ScoringContext {
  task: Task;
  mode: string;
  /** Problems of the taskset by id, or null when every record carries its own reference. */
  problems: ReadonlyMap<string, ScorableProblem> | null;
  /** Built on first use, for records that name their problem only by its prompt. */
  promptIndex?: PromptIndex;
  /** GSM8K house modes: where completions run on (the verifiers' default markers when absent). */
  runOnMarkers?: readonly string[];
}

export interface ScoreGenerationsInput {
  task: string;
  mode?: string;
  taskset: TaskSetRef | null;
  problems: ReadonlyMap<string, ScorableProblem> | null;
  records: readonly GenerationRecord[];
  k?: number[];
  detail?: boolean;
  bootstrap?: BuildReportInput['bootstrap'];
}

export type RecordVerdict = Verdict & { problem_id: string };

export interface ScoreGenerationsResult {
  verdicts: RecordVerdict[];
  samples: ScoredSample[];
  report: Report;
}

/** Checks the task and mode once; throws VerifierOptionError for unknown ones. */
export function scoringContext(
  task: string,
  mode: string | undefined,
  problems: ReadonlyMap<string, ScorableProblem> | null,
  runOnMarkers?: readonly string[],
): ScoringContext {
  const resolved = resolveMode(task, mode);
  return { task: resolved.task, mode: resolved.mode, problems, ...(runOnMarkers ? { runOnMarkers } : {}) };
}

/**
 * Verifies one record and turns it into a metrics sample. The CLI, the API and the API's queue consumer all
 * score through this function, so the same input always gives the same numbers.
 */
export function scoreRecord(
  context: ScoringContext,
  record: GenerationRecord,
  index: number,
): { verdict: RecordVerdict; sample: ScoredSample } {
  const { problemId, reference, prompt } = resolveReference(context, record, index);
  const result = verify(context.task, record.completion, reference, {
    mode: context.mode,
    prompt,
    ...(context.runOnMarkers ? { runOnMarkers: context.runOnMarkers } : {}),
  });
  const verdict: RecordVerdict = { problem_id: problemId, ...result };
  const sample: ScoredSample = {
    problem_id: problemId,
    correct: result.correct,
    score: result.score,
    extracted: result.extracted,
    reason: result.reason,
    chars: record.completion.length,
  };
  if (record.num_tokens !== undefined) sample.num_tokens = record.num_tokens;
  if (record.truncated !== undefined) sample.truncated = record.truncated;
  if (result.run_on) sample.run_on = true;
  return { verdict, sample };
}

function resolveReference(
  context: ScoringContext,
  record: GenerationRecord,
  index: number,
): { problemId: string; reference: unknown; prompt: string | undefined } {
  if (typeof record.completion !== 'string')
    throw new ScoringError(index, 'field "completion" must be a string');
  const id = record.problem_id ?? problemIdFromPrompt(context, record);
  if (id !== undefined && context.problems !== null) {
    const problem = context.problems.get(id);
    if (problem === undefined)
      throw new ScoringError(index, `unknown problem_id ${JSON.stringify(id)} for this taskset`);
    // An inline reference never overrides the taskset's: the taskset is what the score names.
    return { problemId: id, reference: problem.reference, prompt: record.prompt ?? problem.prompt };
  }
  if (record.reference === undefined || record.reference === null) {
    const why =
      id !== undefined
        ? 'names a problem_id but no taskset was given'
        : record.prompt !== undefined && context.problems !== null
          ? 'has a prompt that matches no problem of the taskset, and no reference'
          : 'has neither a problem_id nor a reference';
    throw new ScoringError(index, `record ${why}`);
  }
  return {
    problemId: id ?? `ref:${stableJson(record.reference)}`,
    reference: record.reference,
    prompt: record.prompt,
  };
}

function problemIdFromPrompt(context: ScoringContext, record: GenerationRecord): string | undefined {
  if (context.problems === null || record.prompt === undefined || record.reference !== undefined)
    return undefined;
  context.promptIndex ??= new PromptIndex(context.problems.values());
  return context.promptIndex.find(record.prompt) ?? undefined;
}

/** Scores every record and builds the Report (pass@k, maj@k, lengths...) over them. */
export function scoreGenerations(input: ScoreGenerationsInput): ScoreGenerationsResult {
  const context = scoringContext(input.task, input.mode, input.problems);
  const verdicts: RecordVerdict[] = new Array(input.records.length);
  const samples: ScoredSample[] = new Array(input.records.length);
  input.records.forEach((record, index) => {
    const scored = scoreRecord(context, record, index);
    verdicts[index] = scored.verdict;
    samples[index] = scored.sample;
  });
  const report = reportFromSamples(context, samples, input);
  return { verdicts, samples, report };
}

/** The Report over already scored samples; throws ScoringError when there are none, MetricsError for a bad k. */
export function reportFromSamples(
  context: ScoringContext,
  samples: ScoredSample[],
  options: Pick<ScoreGenerationsInput, 'taskset' | 'k' | 'detail' | 'bootstrap'>,
): Report {
  if (samples.length === 0) throw new ScoringError(0, 'no records to score');
  return buildReport({
    task: context.task,
    mode: context.mode,
    taskset: options.taskset,
    samples,
    k: options.k,
    bootstrap: options.bootstrap,
    detail: options.detail,
  });
}
