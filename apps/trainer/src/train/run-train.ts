/**
 * What `crossover train` runs: settings from the command line (or the checkpoint when resuming), the SFT
 * data, the model, and the loop with its progress line and evaluations.
 */
import { UsageError } from '@crossover/cli';
import {
  type CountdownTargetStyle,
  isCountdownTargetStyle,
  isShippedTasksetName,
  loadShippedTaskset,
  type TaskProblem,
} from '@crossover/tasks';
import { loadGsm8k, readTasksetFile } from '@crossover/tasks/node';
import { type BackendName, describeBackend, isBackendChoice, selectBackend } from '../backend/select.js';
import { isPresetName, type ModelConfig, resolveConfig } from '../model/config.js';
import { createGpt, parameterCount } from '../model/gpt.js';
import { checkpointTokenizer, chooseTokenizer, describeTokenizer } from '../tokenizer/spec.js';
import {
  type CheckpointConfig,
  loadCheckpoint,
  resolveCheckpointDir,
  type TrainState,
} from './checkpoint.js';
import { encodeExample, SftBatches, type SftExample } from './data.js';
import { evaluateModel } from './evaluate.js';
import { GradientWorkers, resolveWorkerCount } from './gradient-workers.js';
import { runSft, type SftOptions } from './loop.js';
import { ProgressLine } from './progress.js';
import { isTrainTemplate, type TrainTemplate } from './prompts.js';
import {
  type CountdownAnswerOrder,
  type CountdownDifficulty,
  countdownCopyExamples,
  countdownSftExamples,
  difficultyOf,
  gsm8kSftExamples,
  isCountdownAnswerOrder,
} from './sft-data.js';

/** Everything that defines a run; stored in the checkpoint so that `--resume` rebuilds the same data. */
export interface TrainSettings {
  algo: 'sft';
  task: 'countdown' | 'gsm8k';
  template: TrainTemplate;
  seed: number;
  model: ModelConfig;
  steps: number;
  batchSize: number;
  lr: number;
  minLr: number;
  warmup: number;
  weightDecay: number;
  gradClip: number;
  trainSize: number;
  /** Auxiliary restate-the-problem examples mixed in (countdown; see countdownCopyExamples). */
  copyAux: number;
  minNumbers: number;
  maxNumbers: number;
  /** Countdown number and target ranges (absent in runs from before the options: the generator's defaults). */
  minValue?: number;
  maxValue?: number;
  minTarget?: number;
  maxTarget?: number;
  /** Countdown: distinct listed-order solutions to choose from per instance (absent: 1). */
  solutionsPerProblem?: number;
  /** Countdown answers restate the problem (`full`) or not (`terse`); absent: full. */
  sftTarget?: CountdownTargetStyle;
  /** Countdown answers' number order (absent in runs from before the option: canonical). */
  termOrder?: CountdownAnswerOrder;
  /**
   * Which held-out problems training leaves out: the whole eval taskset, or (absent, runs from before the
   * field) only the evaluated first evalProblems, so that resuming such a run rebuilds the same data.
   */
  heldOut?: 'taskset';
  gsm8kTrain?: string;
  evalTaskset: string;
  evalProblems: number;
  evalEvery: number;
  evalN: number;
  evalTemperature: number;
  evalMaxTokens: number;
  logEvery: number;
  checkpointEvery: number;
}

export interface RawOptions {
  algo: string;
  task: string;
  preset: string;
  nLayer?: string;
  nHead?: string;
  dModel?: string;
  dMlp?: string;
  blockSize?: string;
  positions?: string;
  /** A tokenizer.json (or its directory); the byte-level tokenizer when absent. */
  tokenizer?: string;
  backend: string;
  template: string;
  seed: string;
  steps: string;
  batchSize: string;
  lr: string;
  minLr?: string;
  warmup: string;
  weightDecay: string;
  gradClip: string;
  trainSize: string;
  copyAux: string;
  minNumbers: string;
  maxNumbers: string;
  minValue: string;
  maxValue: string;
  minTarget: string;
  maxTarget: string;
  solutionsPerProblem?: string;
  sftTarget: string;
  termOrder: string;
  gsm8kTrain?: string;
  evalTaskset?: string;
  evalProblems: string;
  evalEvery: string;
  evalN: string;
  evalTemperature: string;
  evalMaxTokens: string;
  logEvery: string;
  checkpointEvery: string;
  runDir?: string;
  resume?: string;
  maxMinutes?: string;
  workers?: string;
}

export async function runTrain(raw: RawOptions): Promise<void> {
  if (!isBackendChoice(raw.backend)) throw new UsageError(`unknown backend ${raw.backend}`);
  const backend = await selectBackend(raw.backend);
  const workerCount = workerCountFrom(raw.workers ?? 'auto', backend.name);
  process.stderr.write(`${describeBackend(backend)}\n`);

  const resumeDir = raw.resume ? await resolveCheckpointDir(raw.resume) : undefined;
  const loaded = resumeDir ? await loadCheckpoint(resumeDir) : undefined;
  // The model's vocabulary follows the tokenizer; a resumed run keeps the checkpoint's.
  const tokenizer = loaded
    ? await checkpointTokenizer(loaded.config.tokenizer, raw.tokenizer)
    : await chooseTokenizer(raw.tokenizer);
  const settings = loaded
    ? (loaded.config.train as unknown as TrainSettings)
    : settingsFrom(raw, tokenizer.vocabSize);
  const runDir =
    raw.runDir ?? (raw.resume && resumeDir ? runDirOf(raw.resume, resumeDir) : defaultRunDir(settings));
  const model = loaded?.model ?? createGpt(settings.model, settings.seed);
  const config: CheckpointConfig = {
    model: settings.model,
    tokenizer: tokenizer.toJSON(),
    train: { ...settings },
  };
  process.stderr.write(
    `model: ${settings.model.nLayer} layers, d=${settings.model.dModel}, ${settings.model.nHead} heads, ` +
      `${parameterCount(model).toLocaleString('en-US')} parameters; run dir ${runDir}\n`,
  );
  process.stderr.write(`${describeTokenizer(tokenizer)}\n`);
  if (loaded) process.stderr.write(`resuming from ${resumeDir} at step ${loaded.state.step}\n`);

  // The whole held-out taskset stays out of training, not only the part evaluated during the run.
  const evalTaskset = await loadEvalProblems(settings);
  const evalProblems = evalTaskset.slice(0, settings.evalProblems);
  const examples = await trainingExamples(settings, settings.heldOut ? evalTaskset : evalProblems);
  const encoded = examples.flatMap((e) => encodeExample(tokenizer, e, settings.model.blockSize) ?? []);
  process.stderr.write(
    `training examples: ${encoded.length} (of ${examples.length}); eval problems: ${evalProblems.length}\n`,
  );
  const batches = new SftBatches(encoded, tokenizer.pad, settings.seed, loaded?.state.cursor);

  const options: SftOptions = {
    steps: settings.steps,
    batchSize: settings.batchSize,
    lr: settings.lr,
    minLr: settings.minLr,
    warmup: settings.warmup,
    weightDecay: settings.weightDecay,
    gradClip: settings.gradClip,
    logEvery: settings.logEvery,
    evalEvery: settings.evalEvery,
    checkpointEvery: settings.checkpointEvery,
    runDir,
    ...(raw.maxMinutes ? { maxSeconds: Number(raw.maxMinutes) * 60 } : {}),
  };
  const progress = new ProgressLine(settings.steps, settings.logEvery);
  const startStep = loaded?.state.step ?? 0;
  const evalOptions = {
    n: settings.evalN,
    temperature: settings.evalTemperature,
    topP: 1,
    maxTokens: settings.evalMaxTokens,
    seed: settings.seed,
    batchSize: 32,
    template: settings.template,
  };
  process.stderr.write(`data parallel: ${workerCount} thread${workerCount === 1 ? '' : 's'}\n`);
  const workers =
    workerCount > 1 ? await GradientWorkers.start(workerCount, settings.model, backend.name) : undefined;
  const result = await runSft({
    model,
    config,
    batches,
    ...(workers ? { workers } : {}),
    options,
    ...(loaded ? { state: loaded.state as TrainState, optimizerState: loaded.optimizerState } : {}),
    ...(evalProblems.length > 0
      ? { evaluate: (m) => evaluateModel(m, tokenizer, evalProblems, evalOptions) }
      : {}),
    onStep: (metrics) => progress.update(metrics, startStep),
    onEval: (step, summary) => progress.log(`eval @ step ${step}: ${JSON.stringify(summary)}`),
  }).finally(() => workers?.stop());
  progress.finish();
  process.stderr.write(`done: step ${result.state.step}, checkpoint in ${runDir}/checkpoints\n`);
}

/** `--workers`, checked before any work so that a bad value changes nothing. */
export function workerCountFrom(choice: string, backend: BackendName): number {
  try {
    return resolveWorkerCount(choice, backend);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function settingsFrom(raw: RawOptions, vocabSize: number): TrainSettings {
  if (!isPresetName(raw.preset))
    throw new UsageError(`unknown preset ${raw.preset}; expected tiny, small or base`);
  if (!isTrainTemplate(raw.template)) throw new UsageError(`unknown template ${raw.template}`);
  const task = raw.task as TrainSettings['task'];
  if (task === 'gsm8k' && raw.template === 'compact')
    throw new UsageError('the compact template is for countdown');
  if (task === 'gsm8k' && !raw.gsm8kTrain)
    throw new UsageError('--gsm8k-train <path-or-url> is required for gsm8k');
  const int = (name: string, value: string | undefined) => parseNumber(name, value, true);
  const num = (name: string, value: string | undefined) => parseNumber(name, value, false);
  const overrides = {
    nLayer: optional(int, 'n-layer', raw.nLayer),
    nHead: optional(int, 'n-head', raw.nHead),
    dModel: optional(int, 'd-model', raw.dModel),
    dMlp: optional(int, 'd-mlp', raw.dMlp),
    blockSize: optional(int, 'block-size', raw.blockSize),
    positions: raw.positions as ModelConfig['positions'],
  };
  let model: ModelConfig;
  try {
    model = resolveConfig(raw.preset, vocabSize, overrides);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const lr = num('lr', raw.lr);
  return {
    algo: 'sft',
    task,
    template: raw.template,
    seed: int('seed', raw.seed),
    model,
    steps: int('steps', raw.steps),
    batchSize: int('batch-size', raw.batchSize),
    lr,
    minLr: raw.minLr === undefined ? lr / 10 : num('min-lr', raw.minLr),
    warmup: int('warmup', raw.warmup),
    weightDecay: num('weight-decay', raw.weightDecay),
    gradClip: num('grad-clip', raw.gradClip),
    trainSize: int('train-size', raw.trainSize),
    copyAux: int('copy-aux', raw.copyAux),
    minNumbers: int('min-numbers', raw.minNumbers),
    maxNumbers: int('max-numbers', raw.maxNumbers),
    minValue: int('min-value', raw.minValue),
    maxValue: int('max-value', raw.maxValue),
    minTarget: int('min-target', raw.minTarget),
    maxTarget: int('max-target', raw.maxTarget),
    ...(raw.solutionsPerProblem === undefined
      ? {}
      : {
          solutionsPerProblem: positive(
            'solutions-per-problem',
            int('solutions-per-problem', raw.solutionsPerProblem),
          ),
        }),
    sftTarget: sftTargetFrom(raw.sftTarget),
    termOrder: termOrderFrom(raw.termOrder),
    heldOut: 'taskset',
    ...(raw.gsm8kTrain ? { gsm8kTrain: raw.gsm8kTrain } : {}),
    evalTaskset: raw.evalTaskset ?? `${task}/test`,
    evalProblems: int('eval-problems', raw.evalProblems),
    evalEvery: int('eval-every', raw.evalEvery),
    evalN: int('eval-n', raw.evalN),
    evalTemperature: num('eval-temperature', raw.evalTemperature),
    evalMaxTokens: int('eval-max-tokens', raw.evalMaxTokens),
    logEvery: Math.max(1, int('log-every', raw.logEvery)),
    checkpointEvery: Math.max(1, int('checkpoint-every', raw.checkpointEvery)),
  };
}

function sftTargetFrom(value: string): CountdownTargetStyle {
  if (!isCountdownTargetStyle(value))
    throw new UsageError(`--sft-target must be full or terse, got ${JSON.stringify(value)}`);
  return value;
}

function positive(name: string, value: number): number {
  if (value < 1) throw new UsageError(`--${name} must be at least 1, got ${value}`);
  return value;
}

/** A run's Countdown generator ranges; runs from before the range options used the defaults. */
export function countdownDifficulty(
  settings: Pick<
    TrainSettings,
    'minNumbers' | 'maxNumbers' | 'minValue' | 'maxValue' | 'minTarget' | 'maxTarget'
  >,
): Required<CountdownDifficulty> {
  return difficultyOf({
    minCount: settings.minNumbers,
    maxCount: settings.maxNumbers,
    ...(settings.minValue === undefined ? {} : { minNumber: settings.minValue }),
    ...(settings.maxValue === undefined ? {} : { maxNumber: settings.maxValue }),
    ...(settings.minTarget === undefined ? {} : { minTarget: settings.minTarget }),
    ...(settings.maxTarget === undefined ? {} : { maxTarget: settings.maxTarget }),
  });
}

function termOrderFrom(value: string): CountdownAnswerOrder {
  if (!isCountdownAnswerOrder(value))
    throw new UsageError(`--term-order must be canonical, prompt or listed, got ${JSON.stringify(value)}`);
  return value;
}

async function trainingExamples(settings: TrainSettings, evalProblems: TaskProblem[]): Promise<SftExample[]> {
  if (settings.task === 'countdown') {
    const solved = countdownSftExamples({
      ...countdownDifficulty(settings),
      count: settings.trainSize,
      seed: settings.seed,
      template: settings.template,
      exclude: evalProblems,
      termOrder: settings.termOrder ?? 'canonical',
      ...(settings.solutionsPerProblem === undefined
        ? {}
        : { solutionsPerProblem: settings.solutionsPerProblem }),
      targetStyle: settings.sftTarget ?? 'full',
    });
    return [...solved, ...countdownCopyExamples(settings.copyAux ?? 0, settings.seed, settings.template)];
  }
  const source = settings.gsm8kTrain as string;
  const isUrl = /^https?:\/\//.test(source);
  const template = settings.template === 'chat' ? 'chat' : 'base';
  const { problems } = await loadGsm8k({
    split: 'train',
    ...(isUrl ? { url: source } : { path: source }),
    template,
  });
  return gsm8kSftExamples(problems, settings.template);
}

/** A shipped taskset by name (`countdown/test`) or a JSONL file of problems. */
export async function loadEvalProblems(
  settings: Pick<TrainSettings, 'evalTaskset' | 'template'>,
): Promise<TaskProblem[]> {
  const template = settings.template === 'chat' ? 'chat' : 'base';
  if (isShippedTasksetName(settings.evalTaskset))
    return loadShippedTaskset(settings.evalTaskset, { template }).problems;
  return (await readTasksetFile(settings.evalTaskset, { template })).problems;
}

/** A numeric CLI option, or a UsageError naming the option. */
export function parseNumber(name: string, value: string | undefined, integer: boolean): number {
  const parsed = Number(value);
  if (
    value === undefined ||
    value.trim() === '' ||
    !Number.isFinite(parsed) ||
    (integer && !Number.isInteger(parsed))
  ) {
    throw new UsageError(
      `--${name} must be ${integer ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`,
    );
  }
  return parsed;
}

function optional<T>(
  parse: (name: string, value: string) => T,
  name: string,
  value: string | undefined,
): T | undefined {
  return value === undefined ? undefined : parse(name, value);
}

function defaultRunDir(settings: TrainSettings): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return `runs/${settings.task}-${settings.algo}-${stamp}`;
}

/** The run directory of a resumed checkpoint: the given path unless it was a checkpoint directory itself. */
function runDirOf(given: string, checkpointDir: string): string {
  return checkpointDir === given ? checkpointDir.replace(/\/checkpoints\/step-\d+\/?$/, '') : given;
}
