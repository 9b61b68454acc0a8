/** What `crossover sample` runs: load the ONNX model and the problems, sample, stream records out. */
import { LineWriter, UsageError } from '@crossover/cli';
import {
  isShippedTasksetName,
  isTrainTemplate,
  loadShippedTaskset,
  promptFor,
  type TaskProblem,
  type TrainTemplate,
} from '@crossover/tasks';
import { readTasksetFile } from '@crossover/tasks/node';
import { readOnnxModel } from '../onnx/session.js';
import { tokenizerFromSpec } from '../tokenizer/spec.js';
import { sampleProblems } from './sample-problems.js';
import { openSampler, samplerOptionsFor } from './sampler.js';
import { parseStopStrings } from './stop-strings.js';

export interface SampleCommandOptions {
  model: string;
  task: string;
  taskset?: string;
  limit?: string;
  n: string;
  temperature: string;
  topP: string;
  maxTokens: string;
  seed: string;
  batchSize: string;
  template?: string;
  device: string;
  threads?: string;
  workers?: string;
  /** Repeatable: each a stop string, or a JSON list of them. */
  stop?: string[];
  out?: string;
}

export async function runSample(options: SampleCommandOptions): Promise<void> {
  if (options.task !== 'countdown' && options.task !== 'gsm8k')
    throw new UsageError(`unknown task ${options.task}`);
  if (options.device !== 'cpu' && options.device !== 'cuda')
    throw new UsageError(`unknown device ${options.device}`);
  const workers =
    options.workers === undefined || options.workers === 'auto'
      ? undefined
      : positiveInt('workers', options.workers);
  // Every number is checked before anything is loaded or written.
  const settings = {
    n: positiveInt('n', options.n),
    temperature: number('temperature', options.temperature),
    topP: number('top-p', options.topP),
    maxTokens: positiveInt('max-tokens', options.maxTokens),
    seed: positiveInt('seed', options.seed, true),
    batchSize: positiveInt('batch-size', options.batchSize),
    stop: stopStringsFrom(options.stop ?? []),
  };
  const limit = options.limit ? positiveInt('limit', options.limit) : undefined;
  const sampling = samplerOptionsFor(options.device, workers);
  const threads = options.threads ? positiveInt('threads', options.threads) : undefined;
  const { bytes, sidecar } = await readOnnxModel(options.model);
  const template = chooseTemplate(options.template, sidecar.meta.template);
  const problems = (await loadProblems(options.taskset ?? `${options.task}/test`, template))
    .filter((p) => p.task === options.task)
    .slice(0, limit);
  if (problems.length === 0) throw new UsageError(`no ${options.task} problems in ${options.taskset}`);
  const tokenizer = tokenizerFromSpec(sidecar.tokenizer);
  // Opened last: its threads are released in the finally below.
  const model = await openSampler(bytes, sidecar, { ...sampling, ...(threads ? { threads } : {}) });
  const writer = new LineWriter(options.out);
  const started = performance.now();
  let done = 0;
  let tokens = 0;
  const total = problems.length * settings.n;
  try {
    await sampleProblems(
      model,
      tokenizer,
      problems.map((p) => ({ id: p.id, prompt: promptFor(p, template) })),
      {
        ...settings,
        onRecords: async (records) => {
          for (const record of records) await writer.write(JSON.stringify(record));
          done += records.length;
          tokens += records.reduce((n, r) => n + r.num_tokens, 0);
          const seconds = (performance.now() - started) / 1000;
          process.stderr.write(`\rsampled ${done}/${total} | ${Math.round(tokens / seconds)} tok/s\x1b[K`);
        },
      },
    );
  } finally {
    await writer.close();
    await model.release();
  }
  process.stderr.write(
    `\n${done} generations (${problems.length} problems x ${options.n}), template ${template}\n`,
  );
}

function chooseTemplate(given: string | undefined, trained: unknown): TrainTemplate {
  const name = given ?? (typeof trained === 'string' ? trained : 'base');
  if (!isTrainTemplate(name))
    throw new UsageError(`unknown template ${name}; expected base, chat or compact`);
  return name;
}

async function loadProblems(taskset: string, template: TrainTemplate): Promise<TaskProblem[]> {
  const textTemplate = template === 'chat' ? 'chat' : 'base';
  if (isShippedTasksetName(taskset)) return loadShippedTaskset(taskset, { template: textTemplate }).problems;
  return (await readTasksetFile(taskset, { template: textTemplate })).problems;
}

function positiveInt(name: string, value: string, allowZero = false): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < (allowZero ? 0 : 1))
    throw new UsageError(`--${name} must be a positive integer`);
  return parsed;
}

function number(name: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new UsageError(`--${name} must be a non-negative number`);
  return parsed;
}

function stopStringsFrom(values: string[]): string[] {
  return values.flatMap((value) => {
    try {
      return parseStopStrings(value);
    } catch (error) {
      throw new UsageError(`--stop must be ${(error as Error).message}, got ${JSON.stringify(value)}`);
    }
  });
}
