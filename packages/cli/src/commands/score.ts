import { renameSync, rmSync } from 'node:fs';
import type { Report } from '@crossover/metrics';
import {
  checkGenerationRecord,
  detectFormat,
  type GenerationRecord,
  INPUT_FORMATS,
  type InputFormat,
  LmEvalSamplesImporter,
  loadShippedTaskset,
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
import type { Command } from 'commander';
import { LineWriter, openInput, readLineBatches } from '../io/lines.js';
import { formatReport } from '../report/format-report.js';
import { UsageError } from '../run-cli.js';
import { verdictLine } from './verify.js';

export interface ScoreCommandOptions {
  task: string;
  mode?: string;
  taskset?: string;
  k?: string;
  in: string;
  out?: string;
  json?: boolean;
  format?: string;
  strict?: boolean;
  detail?: boolean;
  runOn?: string;
}

export function registerScore(program: Command): void {
  program
    .command('score')
    .description('score generation records against a taskset and print the report (pass@k, maj@k, lengths)')
    .requiredOption('--task <task>', 'gsm8k | countdown')
    .option('--mode <mode>', 'verifier mode (default: the task default)')
    .option(
      '--taskset <name|file|url>',
      'a shipped taskset (gsm8k/test, countdown/test), a JSONL file or a URL',
    )
    .option('--k <list>', 'comma-separated k values (default: 1, 2, 4, ... up to the samples per problem)')
    .requiredOption('--in <file>', 'generation records (JSONL), or - for stdin')
    .option(
      '--out <file>',
      'write one verdict line per record here (- for stdout; the report then goes to stderr)',
    )
    .option('--format <format>', `input format: ${INPUT_FORMATS.join(' | ')}`, 'auto')
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
      const text = options.json ? `${JSON.stringify(result.report, null, 2)}\n` : formatReport(result.report);
      (options.out === '-' ? process.stderr : process.stdout).write(text);
      if (result.skipped > 0) {
        process.stderr.write(
          `crossover score: skipped ${result.skipped} malformed line(s); see the messages above\n`,
        );
        process.exitCode = 1;
      }
    });
}

export interface ScoreResult {
  report: Report;
  records: number;
  skipped: number;
}

/**
 * Streams the input once: each line is parsed, scored and its verdict written straight away, keeping only the
 * small per-sample summaries for the report. Verdicts go to a temporary file renamed into place at the end,
 * so a failed run leaves no partial output.
 */
export async function runScore(options: ScoreCommandOptions): Promise<ScoreResult> {
  const format = parseFormat(options.format);
  const k = parseKList(options.k);
  const loaded = options.taskset ? await loadTasksetOrThrow(options.taskset) : null;
  if (loaded && loaded.taskset.task !== options.task) {
    throw new UsageError(
      `taskset ${options.taskset} is a ${loaded.taskset.task} taskset, not ${options.task}`,
    );
  }
  const context = contextOrThrow(options, loaded?.problems ?? null);
  const input = openInput(options.in);
  const temp = options.out && options.out !== '-' ? `${options.out}.partial-${process.pid}` : undefined;
  const writer = options.out ? new LineWriter(temp ?? '-') : null;
  try {
    const scored = await scoreLines(input, context, format, options.strict === true, writer);
    const report = reportFromSamples(context, scored.samples, {
      taskset: loaded?.taskset ?? scored.defaultTaskset,
      k,
      detail: options.detail,
    });
    await writer?.close();
    if (temp) renameSync(temp, options.out!);
    return { report, records: scored.samples.length, skipped: scored.skipped };
  } catch (error) {
    await writer?.close().catch(() => undefined);
    if (temp) rmSync(temp, { force: true });
    throw error;
  }
}

async function scoreLines(
  input: NodeJS.ReadableStream,
  context: ScoringContext,
  requested: InputFormat,
  strict: boolean,
  writer: LineWriter | null,
) {
  const samples: ReturnType<typeof scoreRecord>['sample'][] = [];
  let format: InputFormat = requested;
  let lmEval: LmEvalSamplesImporter | null = null;
  let skipped = 0;
  let defaultTaskset: TaskSet | null = null;
  const reject = async (line: number, message: string) => {
    if (strict) throw new UsageError(`line ${line}: ${message}`);
    skipped++;
    process.stderr.write(`line ${line}: ${message}\n`);
    await writer?.write(JSON.stringify({ line, error: message }));
  };
  for await (const batch of readLineBatches(input as never)) {
    for (const line of batch) {
      if (line.text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch (error) {
        await reject(line.number, `malformed JSON: ${(error as Error).message}`);
        continue;
      }
      if (format === 'auto') format = detectFormat(value);
      let records: GenerationRecord[] | string;
      if (format === 'lm-eval') {
        lmEval ??= new LmEvalSamplesImporter(lmEvalPrefix(context));
        records = lmEval.importLine(value);
      } else {
        const checked = checkGenerationRecord(value);
        records = typeof checked === 'string' ? checked : [checked];
      }
      if (typeof records === 'string') {
        await reject(line.number, records);
        continue;
      }
      for (const record of records) {
        if (needsDefaultTaskset(context, record)) defaultTaskset = useDefaultTaskset(context);
        try {
          const { verdict, sample } = scoreRecord(context, record, samples.length);
          samples.push(sample);
          await writer?.write(JSON.stringify(verdictLine(record.problem_id, verdict)));
        } catch (error) {
          if (!(error instanceof ScoringError)) throw error;
          await reject(line.number, error.message);
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
function useDefaultTaskset(context: ScoringContext): TaskSet {
  const { taskset, problems } = loadShippedTaskset(`${context.task}/test` as ShippedTasksetName);
  context.problems = new Map(problems.map((problem) => [problem.id, problem]));
  return taskset;
}

/** lm-eval numbers documents 0..N-1 within the split, which is how our ids end. */
function lmEvalPrefix(context: ScoringContext): string {
  const first = context.problems?.keys().next().value;
  return typeof first === 'string' ? first.slice(0, first.lastIndexOf('/')) : `${context.task}/test`;
}

function parseFormat(format: string | undefined): InputFormat {
  const value = format ?? 'auto';
  if (!(INPUT_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(
      `unknown --format ${JSON.stringify(value)}; expected one of ${INPUT_FORMATS.join(', ')}`,
    );
  }
  return value as InputFormat;
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

function contextOrThrow(
  options: ScoreCommandOptions,
  problems: Map<string, ScorableProblem> | null,
): ScoringContext {
  try {
    return scoringContext(options.task, options.mode, problems, runOnMarkersFrom(options.runOn));
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
