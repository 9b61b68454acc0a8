import { renameSync, rmSync } from 'node:fs';
import type { Report } from '@crossover/metrics';
import {
  type GenerationRecord,
  loadShippedTaskset,
  ModeTally,
  type ModeTallyData,
  modeList,
  reportFromSamples,
  type ScorableProblem,
  type ScoringContext,
  ScoringError,
  type ShippedTasksetName,
  scoreRecord,
  scoringContext,
  type TaskSet,
} from '@crossover/tasks';
import { loadTaskset } from '@crossover/tasks/node';
import { isTask } from '@crossover/verifiers';
import type { Command } from 'commander';
import { LineWriter } from '../io/lines.js';
import { parseRecordFormat, RECORD_FORMATS, type RecordFormat } from '../records/formats.js';
import { type Position, positionLabel, type RecordSource, readRecords } from '../records/read-records.js';
import { loadTokenCounter } from '../records/tokenizer.js';
import { formatModeReports } from '../report/format-modes.js';
import { formatReport } from '../report/format-report.js';
import { UsageError } from '../run-cli.js';
import { verdictLine } from './verify.js';

export interface ScoreCommandOptions {
  task: string;
  mode?: string;
  modes?: string;
  taskset?: string;
  k?: string;
  in: string;
  out?: string;
  json?: boolean;
  format?: string;
  strict?: boolean;
  detail?: boolean;
  runOn?: string;
  tokenizer?: string;
}

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('score generation records against a taskset and print the report (pass@k, maj@k, lengths)')
    .requiredOption('--task <task>', 'gsm8k | countdown')
    .option('--mode <mode>', 'verifier mode (default: the task default)')
    .option(
      '--modes <all|list>',
      'score under several modes in one pass (all, or a comma list) and show where they disagree',
    )
    .option(
      '--taskset <name|file|url>',
      'a shipped taskset (gsm8k/test, countdown/test), a JSONL file or a URL',
    )
    .option('--k <list>', 'comma-separated k values (default: 1, 2, 4, ... up to the samples per problem)')
    .requiredOption(
      '--in <file>',
      'generation records (JSONL: Crossover, lm-eval --log_samples, { prompt, completion }; or a verl or lighteval parquet), or - for stdin',
    )
    .option(
      '--out <file>',
      'write one verdict line per record here (- for stdout; the report then goes to stderr)',
    )
    .option('--format <format>', `input format: ${RECORD_FORMATS.join(' | ')}`, 'auto')
    .option(
      '--tokenizer <tokenizer.json>',
      "a Hugging Face tokenizer.json: fills num_tokens of records without it, so lengths are in the model's tokens",
    )
    .option('--json', 'print the report as JSON')
    .option('--detail', 'include per-problem rows in the JSON report')
    .option('--strict', 'stop at the first malformed line instead of skipping it')
    .option(
      '--run-on <json-list>',
      'gsm8k, Crossover modes: the strings where a completion runs on into a new question, as a JSON list ' +
        '(default ["Question:", "Q:", "</s>", "<|im_end|>", "<|endoftext|>"]; [] judges whole completions)',
    )
    .action(async (options: ScoreCommandOptions) => {
      const result = await runScore(options);
      const text = options.json ? `${JSON.stringify(jsonOutput(result), null, 2)}\n` : textOutput(result);
      (options.out === '-' ? process.stderr : process.stdout).write(text);
      if (result.skipped > 0) {
        process.stderr.write(
          `crossover score: skipped ${result.skipped} malformed line(s) or row(s); see the messages above\n`,
        );
        process.exitCode = 1;
      }
    });
}

export interface ScoreResult {
  /** the Report of the first (or only) mode */
  report: Report;
  /** with --modes: each mode's Report, and where the modes disagree */
  modes?: { reports: { [mode: string]: Report }; tally: ModeTallyData };
  records: number;
  skipped: number;
}

/** One Report, or with --modes `{ modes: { <mode>: Report }, disagreements }`, the largest first. */
function jsonOutput(result: ScoreResult): unknown {
  if (!result.modes) return result.report;
  return {
    modes: result.modes.reports,
    disagreements: [...result.modes.tally.disagreements].sort((a, b) => b.samples - a.samples),
  };
}

function textOutput(result: ScoreResult): string {
  return result.modes
    ? formatModeReports(result.modes.reports, result.modes.tally)
    : formatReport(result.report);
}

/**
 * Streams the input once: each line is parsed, scored and its verdict written straight away, keeping only the
 * small per-sample summaries for the report. Verdicts go to a temporary file renamed into place at the end,
 * so a failed run leaves no partial output.
 */
export async function runScore(options: ScoreCommandOptions): Promise<ScoreResult> {
  const format = parseRecordFormat(options.format);
  const k = parseKList(options.k);
  const loaded = options.taskset ? await loadTasksetOrThrow(options.taskset) : null;
  if (loaded && loaded.taskset.task !== options.task) {
    throw new UsageError(
      `taskset ${options.taskset} is a ${loaded.taskset.task} taskset, not ${options.task}`,
    );
  }
  const contexts = contextsOrThrow(options, loaded?.problems ?? null);
  const countTokens = options.tokenizer ? await loadTokenCounter(options.tokenizer) : undefined;
  const temp = options.out && options.out !== '-' ? `${options.out}.partial-${process.pid}` : undefined;
  const writer = options.out ? new LineWriter(temp ?? '-') : null;
  try {
    const tally = options.modes === undefined ? null : new ModeTally(contexts.map((c) => c.mode));
    const scored = await scoreLines(
      options.in,
      contexts,
      format,
      options.strict === true,
      writer,
      tally,
      countTokens,
    );
    const reports = contexts.map((context, m) =>
      reportFromSamples(context, scored.samples[m]!, {
        taskset: loaded?.taskset ?? scored.defaultTaskset,
        k,
        detail: options.detail,
      }),
    );
    await writer?.close();
    if (temp) renameSync(temp, options.out!);
    const result: ScoreResult = {
      report: reports[0]!,
      records: scored.samples[0]!.length,
      skipped: scored.skipped,
    };
    if (tally)
      result.modes = {
        reports: Object.fromEntries(reports.map((report) => [report.mode, report])),
        tally: tally.toData(),
      };
    return result;
  } catch (error) {
    await writer?.close().catch(() => undefined);
    if (temp) rmSync(temp, { force: true });
    throw error;
  }
}

/** Scores every record under each context's mode; samples[m] are mode m's. */
async function scoreLines(
  path: string,
  contexts: ScoringContext[],
  format: RecordFormat,
  strict: boolean,
  writer: LineWriter | null,
  tally: ModeTally | null,
  countTokens: ((text: string) => number) | undefined,
) {
  const context = contexts[0]!;
  const samples: ReturnType<typeof scoreRecord>['sample'][][] = contexts.map(() => []);
  let skipped = 0;
  let defaultTaskset: TaskSet | null = null;
  const reject = async (at: Position, message: string) => {
    if (strict) throw new UsageError(`${positionLabel(at)}: ${message}`);
    skipped++;
    process.stderr.write(`${positionLabel(at)}: ${message}\n`);
    await writer?.write(JSON.stringify({ ...at, error: message }));
  };
  const source: RecordSource = {
    // Formats that find problems by prompt need the taskset: --taskset's, else the task's shipped test set.
    problems: () => {
      if (context.problems === null) defaultTaskset = useDefaultTaskset(contexts);
      return context.problems!;
    },
    lmEvalPrefix: () => lmEvalPrefix(context),
    ...(countTokens ? { countTokens } : {}),
  };
  for await (const batch of readRecords(path, format, source)) {
    for (const item of batch) {
      if ('error' in item) {
        await reject(item.at, item.error);
        continue;
      }
      for (const record of item.records) {
        if (needsDefaultTaskset(context, record)) defaultTaskset = useDefaultTaskset(contexts);
        try {
          const index = samples[0]!.length;
          const scored = contexts.map((each) => scoreRecord(each, record, index));
          scored.forEach(({ sample }, m) => {
            samples[m]!.push(sample);
          });
          const [{ verdict }] = scored as [(typeof scored)[number]];
          tally?.add(
            verdict.problem_id,
            record.completion,
            scored.map((each) => each.verdict),
          );
          await writer?.write(JSON.stringify(verdictOutput(record.problem_id, contexts, scored)));
        } catch (error) {
          if (!(error instanceof ScoringError)) throw error;
          await reject(item.at, error.message);
        }
      }
    }
  }
  return { samples, skipped, defaultTaskset };
}

function needsDefaultTaskset(context: ScoringContext, record: GenerationRecord): boolean {
  return context.problems === null && record.problem_id !== undefined && record.reference === undefined;
}

/** As the API does: records that name a problem without a --taskset refer to the task's shipped test set. */
function useDefaultTaskset(contexts: ScoringContext[]): TaskSet {
  const { taskset, problems } = loadShippedTaskset(`${contexts[0]!.task}/test` as ShippedTasksetName);
  const byId = new Map(problems.map((problem) => [problem.id, problem]));
  for (const context of contexts) context.problems = byId;
  return taskset;
}

/** A verdict line: the one mode's verdict, or with --modes `{ problem_id, modes: { <mode>: verdict } }`. */
function verdictOutput(
  problemId: string | undefined,
  contexts: readonly ScoringContext[],
  scored: ReadonlyArray<ReturnType<typeof scoreRecord>>,
): Record<string, unknown> {
  if (scored.length === 1) return verdictLine(problemId, scored[0]!.verdict);
  const modes = Object.fromEntries(
    scored.map(({ verdict }, m) => [contexts[m]!.mode, verdictLine(undefined, verdict)]),
  );
  return problemId === undefined ? { modes } : { problem_id: problemId, modes };
}

/** lm-eval numbers documents 0..N-1 within the split, which is how our ids end. */
function lmEvalPrefix(context: ScoringContext): string {
  const first = context.problems?.keys().next().value;
  return typeof first === 'string' ? first.slice(0, first.lastIndexOf('/')) : `${context.task}/test`;
}

/** Parses `--k 1,2,4`; bounds against n are checked by the metrics, which know n. */
export function parseKList(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((part) => part.trim());
  const ks = parts.map(Number);
  const bad = parts.find((part, i) => part === '' || !Number.isSafeInteger(ks[i]) || ks[i]! < 1);
  if (bad !== undefined)
    throw new UsageError(
      `--k must be a comma-separated list of positive integers, got ${JSON.stringify(text)}`,
    );
  return [...new Set(ks)].sort((a, b) => a - b);
}

async function loadTasksetOrThrow(
  source: string,
): Promise<{ taskset: TaskSet; problems: Map<string, ScorableProblem> }> {
  try {
    const { taskset, problems } = await loadTaskset(source);
    if (taskset.task !== undefined && problems.some((problem) => problem.task !== taskset.task)) {
      throw new Error('the taskset mixes tasks');
    }
    return { taskset, problems: new Map(problems.map((problem) => [problem.id, problem])) };
  } catch (error) {
    throw new UsageError(`cannot load taskset ${source}: ${(error as Error).message}`);
  }
}

/** One scoring context per mode asked for: --mode's (or the default), or each of --modes. */
function contextsOrThrow(
  options: ScoreCommandOptions,
  problems: Map<string, ScorableProblem> | null,
): ScoringContext[] {
  if (options.modes !== undefined && options.mode !== undefined)
    throw new UsageError('give --mode or --modes, not both');
  const runOn = runOnMarkersFrom(options.runOn);
  try {
    const modes =
      options.modes === undefined || !isTask(options.task)
        ? [options.mode]
        : modeList(options.task, options.modes);
    return modes.map((mode) => scoringContext(options.task, mode, problems, runOn));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--run-on`: a JSON list of non-empty strings, or absent for the verifiers' defaults. */
function runOnMarkersFrom(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === 'string' && s.length > 0))
    throw new UsageError(`--run-on must be a JSON list of non-empty strings, got ${JSON.stringify(value)}`);
  return parsed;
}
