/**
 * What `crossover train` runs: settings from the command line (or the checkpoint when resuming), the SFT
 * data, the model, and the loop with its progress line and evaluations.
 */
import { UsageError } from '@crossover/cli';
import { isShippedTasksetName, loadShippedTaskset, type TaskProblem } from '@crossover/tasks';
import { loadGsm8k, readTasksetFile } from '@crossover/tasks/node';
import { type BackendName, describeBackend, selectBackend } from '../backend/select.js';
import { sftValue, type TrainOptions } from '../config/options.js';
import type { SftSettings, TrainSettings } from '../config/settings.js';
import { sftSettingsFrom } from '../config/sft-settings.js';
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
import {
  type CountdownDifficulty,
  countdownCopyExamples,
  countdownSftExamples,
  gsm8kSftExamples,
} from './sft-data.js';

/** An SFT run (or the resumption of one) from the typed options of `crossover train`. */
export async function runTrain(options: TrainOptions): Promise<void> {
  const backend = await selectBackend(sftValue(options, 'backend'));
  const workerCount = workerCountFrom(sftValue(options, 'workers'), backend.name);
  process.stderr.write(`${describeBackend(backend)}\n`);

  const resumeDir = options.resume ? await resolveCheckpointDir(options.resume) : undefined;
  const loaded = resumeDir ? await loadCheckpoint(resumeDir) : undefined;
  // The model's vocabulary follows the tokenizer; a resumed run keeps the checkpoint's.
  const tokenizer = loaded
    ? await checkpointTokenizer(loaded.config.tokenizer, options.tokenizer)
    : await chooseTokenizer(options.tokenizer);
  const settings = loaded
    ? sftSettingsOf(loaded.config.train)
    : sftSettingsFrom(options, tokenizer.vocabSize);
  const runDir =
    options.runDir ??
    (options.resume && resumeDir ? runDirOf(options.resume, resumeDir) : defaultRunDir(settings));
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
  const examples = await trainingExamples(
    settings,
    settings.heldOut === 'taskset' ? evalTaskset : evalProblems,
  );
  const encoded = examples.flatMap((e) => encodeExample(tokenizer, e, settings.model.blockSize) ?? []);
  process.stderr.write(
    `training examples: ${encoded.length} (of ${examples.length}); eval problems: ${evalProblems.length}\n`,
  );
  const batches = new SftBatches(encoded, tokenizer.pad, settings.seed, loaded?.state.cursor);

  const loopOptions: SftOptions = {
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
    ...(options.maxMinutes === undefined ? {} : { maxSeconds: options.maxMinutes * 60 }),
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
    options: loopOptions,
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

/** The settings of the SFT checkpoint being resumed (the train command sends RL checkpoints to RL). */
function sftSettingsOf(settings: TrainSettings): SftSettings {
  if (settings.algo !== 'sft') throw new Error(`not an SFT checkpoint: ${settings.algo}`);
  return settings;
}

/** A run's Countdown generator ranges. */
export function countdownDifficulty(
  settings: Pick<
    TrainSettings,
    'minNumbers' | 'maxNumbers' | 'minValue' | 'maxValue' | 'minTarget' | 'maxTarget'
  >,
): Required<CountdownDifficulty> {
  return {
    minCount: settings.minNumbers,
    maxCount: settings.maxNumbers,
    minNumber: settings.minValue,
    maxNumber: settings.maxValue,
    minTarget: settings.minTarget,
    maxTarget: settings.maxTarget,
  };
}

async function trainingExamples(settings: SftSettings, evalProblems: TaskProblem[]): Promise<SftExample[]> {
  if (settings.task === 'countdown') {
    const solved = countdownSftExamples({
      ...countdownDifficulty(settings),
      count: settings.trainSize,
      seed: settings.seed,
      template: settings.template,
      exclude: evalProblems,
      termOrder: settings.termOrder,
      ...(settings.solutionsPerProblem === undefined
        ? {}
        : { solutionsPerProblem: settings.solutionsPerProblem }),
      targetStyle: settings.sftTarget,
    });
    return [...solved, ...countdownCopyExamples(settings.copyAux, settings.seed, settings.template)];
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

function defaultRunDir(settings: SftSettings): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  return `runs/${settings.task}-${settings.algo}-${stamp}`;
}

/** The run directory of a resumed checkpoint: the given path unless it was a checkpoint directory itself. */
function runDirOf(given: string, checkpointDir: string): string {
  return checkpointDir === given ? checkpointDir.replace(/\/checkpoints\/step-\d+\/?$/, '') : given;
}
