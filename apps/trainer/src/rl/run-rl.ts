/**
 * What `crossover train --algo grpo|filtered-isft|isft` runs: settings from the command line over those
 * of the SFT checkpoint it starts from (`--init`), or from the checkpoint when resuming; the prompt pool;
 * the reference policy when the KL term is on; the round loop with its progress lines and evaluations.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '@crossover/cli';
import { generateCountdownProblems, type TaskProblem } from '@crossover/tasks';
import { loadGsm8k } from '@crossover/tasks/node';
import { describeBackend, isBackendChoice, selectBackend } from '../backend/select.js';
import type { ModelConfig } from '../model/config.js';
import { type Gpt, parameterCount } from '../model/gpt.js';
import { exportOnnx } from '../onnx/export.js';
import { readOnnxModel } from '../onnx/session.js';
import { sampleProblems } from '../sample/sample-problems.js';
import { openSampler, type SamplerHost, samplerOptionsFor, startSamplerHost } from '../sample/sampler.js';
import type { Tokenizer } from '../tokenizer/bytes.js';
import { checkpointTokenizer, describeTokenizer } from '../tokenizer/spec.js';
import {
  type CheckpointConfig,
  checkpointName,
  loadCheckpoint,
  resolveCheckpointDir,
  type TrainState,
} from '../train/checkpoint.js';
import { summarize } from '../train/evaluate.js';
import { GradientWorkers } from '../train/gradient-workers.js';
import { formatDuration } from '../train/progress.js';
import { promptFor, type TrainTemplate } from '../train/prompts.js';
import { countdownDifficulty, loadEvalProblems, parseNumber, workerCountFrom } from '../train/run-train.js';
import type { ScaleRewards } from './advantages.js';
import { type RlOptions, type RlStepMetrics, runRl } from './loop.js';
import { isLossAggregation } from './losses.js';
import { isRlAlgo, type RlAlgo } from './update.js';

/** Everything that defines an RL run; stored in its checkpoints so that `--resume` rebuilds it. */
export interface RlSettings extends Omit<RlOptions, 'runDir' | 'stopAfter' | 'maxSeconds'> {
  algo: RlAlgo;
  task: 'countdown' | 'gsm8k';
  /** The checkpoint the run started from (also the KL reference). */
  init: string;
  model: ModelConfig;
  trainSize: number;
  minNumbers: number;
  maxNumbers: number;
  /** Countdown ranges of the RL prompts (absent in runs from before the options: the generator's defaults). */
  minValue?: number;
  maxValue?: number;
  minTarget?: number;
  maxTarget?: number;
  gsm8kTrain?: string;
  evalTaskset: string;
  evalProblems: number;
  evalN: number;
  evalTemperature: number;
  evalMaxTokens: number;
}

/** The command-line strings (commander's), RL options included. */
export type RawRlOptions = Record<string, string | boolean | undefined>;

/** RL defaults, used where the command line gave nothing (the train command's defaults are SFT's). */
const RL_DEFAULTS: Record<string, string> = {
  steps: '100',
  lr: '1e-5',
  warmup: '0',
  weightDecay: '0',
  gradClip: '1',
  promptsPerStep: '8',
  groupSize: '8',
  clipEps: '0.2',
  klBeta: '0',
  numIterations: '1',
  loss: 'sequence-mean',
  scaleRewards: 'group',
  negWeight: '1',
  weights: 'binary',
  formatReward: '0',
  temperature: '1',
  topP: '1',
  sampleBatchSize: '64',
  microBatch: '16',
  trainSize: '5000',
  evalEvery: '10',
  checkpointEvery: '10',
};

/** The RL algorithm a `train` invocation runs, or null for SFT (resumes read it from the checkpoint). */
export async function rlAlgoToRun(raw: RawRlOptions): Promise<RlAlgo | null> {
  if (typeof raw.resume === 'string') {
    const dir = await resolveCheckpointDir(raw.resume);
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as CheckpointConfig;
    const algo = String(config.train.algo);
    return isRlAlgo(algo) ? algo : null;
  }
  return typeof raw.algo === 'string' && isRlAlgo(raw.algo) ? raw.algo : null;
}

/** `explicit`: the option names given on the command line (the rest fall back to RL_DEFAULTS). */
export async function runRlTrain(raw: RawRlOptions, explicit: ReadonlySet<string>): Promise<void> {
  const backendName = String(raw.backend ?? 'auto');
  if (!isBackendChoice(backendName)) throw new UsageError(`unknown backend ${backendName}`);
  const backend = await selectBackend(backendName);
  const workerChoice = String(raw.workers ?? 'auto');
  const workerCount = workerCountFrom(workerChoice, backend.name);
  process.stderr.write(`${describeBackend(backend)}\n`);

  const resumeDir = typeof raw.resume === 'string' ? await resolveCheckpointDir(raw.resume) : undefined;
  const loaded = resumeDir ? await loadCheckpoint(resumeDir) : undefined;
  let settings: RlSettings;
  let model: Gpt;
  let saved: CheckpointConfig;
  if (loaded) {
    settings = loaded.config.train as unknown as RlSettings;
    model = loaded.model;
    saved = loaded.config;
  } else {
    if (typeof raw.init !== 'string')
      throw new UsageError(`--algo ${String(raw.algo)} needs --init <sft-run-dir>`);
    const initDir = await resolveCheckpointDir(raw.init);
    const init = await loadCheckpoint(initDir);
    settings = settingsFrom(raw, explicit, initDir, init.config);
    model = init.model;
    saved = init.config;
  }
  // The policy keeps the vocabulary of the SFT checkpoint it starts from.
  const tokenizer = await checkpointTokenizer(
    saved.tokenizer,
    typeof raw.tokenizer === 'string' ? raw.tokenizer : undefined,
  );
  const runDir =
    typeof raw.runDir === 'string'
      ? raw.runDir
      : resumeDir && raw.resume === resumeDir
        ? resumeDir.replace(/\/checkpoints\/step-\d+\/?$/, '')
        : typeof raw.resume === 'string'
          ? raw.resume
          : `runs/${settings.task}-${settings.algo}-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`;
  const reference = settings.klBeta > 0 ? (await loadCheckpoint(settings.init)).model : undefined;
  const config: CheckpointConfig = {
    model: settings.model,
    tokenizer: tokenizer.toJSON(),
    train: { ...settings },
  };
  process.stderr.write(
    `${settings.algo} from ${settings.init}: ${parameterCount(model).toLocaleString('en-US')} parameters, ` +
      `${settings.promptsPerStep} prompts x ${settings.groupSize} samples a step; run dir ${runDir}\n`,
  );
  process.stderr.write(`${describeTokenizer(tokenizer)}\n`);
  if (loaded && resumeDir) process.stderr.write(`resuming from ${resumeDir} at step ${loaded.state.step}\n`);

  const heldOut = await loadEvalProblems(settings);
  const evalProblems = heldOut.slice(0, settings.evalProblems);
  // Every problem of the held-out set stays out of training, not only those evaluated during the run.
  const trainProblems = await rlTrainProblems(settings, heldOut);
  process.stderr.write(`training prompts: ${trainProblems.length}; eval problems: ${evalProblems.length}\n`);
  const started = performance.now();
  const startStep = loaded?.state.step ?? 0;
  // Native backends use every core themselves; the sampler's threads are ours to choose on any backend.
  const sampling = samplerOptionsFor('cpu', workerChoice === 'auto' ? undefined : workerCount);
  process.stderr.write(`threads: ${workerCount} for gradients, ${sampling.workers} for sampling\n`);
  const gradients =
    workerCount > 1 ? await GradientWorkers.start(workerCount, settings.model, backend.name) : undefined;
  const sampler = await startSamplerHost(sampling);
  await runRl({
    model,
    ...(reference ? { reference } : {}),
    tokenizer,
    config,
    trainProblems,
    options: {
      ...settings,
      runDir,
      ...(typeof raw.maxMinutes === 'string' ? { maxSeconds: Number(raw.maxMinutes) * 60 } : {}),
    },
    ...(loaded ? { state: loaded.state as TrainState, optimizerState: loaded.optimizerState } : {}),
    ...(evalProblems.length > 0
      ? {
          evaluate: (m, step) => evaluateAndKeep(m, tokenizer, evalProblems, settings, runDir, step, sampler),
        }
      : {}),
    parallel: { sampler, ...(gradients ? { gradients } : {}) },
    onStep: (m) => {
      const done = m.step - startStep;
      const eta = ((performance.now() - started) / 1000 / Math.max(1, done)) * (settings.steps - m.step);
      process.stderr.write(`${formatRlProgress(m, settings.steps)} | ETA ${formatDuration(eta)}\n`);
    },
    onEval: (step, summary) => process.stderr.write(`eval @ step ${step}: ${JSON.stringify(summary)}\n`),
  }).finally(() => Promise.all([gradients?.stop(), sampler.close()]));
  process.stderr.write(`done: checkpoints in ${runDir}/checkpoints, evaluations in ${runDir}/evals\n`);
}

export function formatRlProgress(m: RlStepMetrics, totalSteps: number): string {
  const f = (x: number | null, digits = 3) => (x === null ? '-' : x.toFixed(digits));
  return (
    `step ${m.step}/${totalSteps} | reward ${f(m.reward_mean)} ± ${f(m.reward_std)} | zero-var ${f(m.zero_variance_frac, 2)} | ` +
    `loss ${f(m.loss, 4)} | kl ${f(m.kl, 4)} | clip ${f(m.clip_frac)} | len ${m.completion_tokens_mean.toFixed(1)} | ` +
    `${Math.round(m.tokens_per_s)} tok/s`
  );
}

/**
 * Held-out evaluation that keeps its artefacts: the ONNX model of this step and its generations go to
 * `evals/step-N/`, so pass@k can be computed later with `crossover score`.
 */
export async function evaluateAndKeep(
  model: Gpt,
  tokenizer: Tokenizer,
  problems: TaskProblem[],
  settings: Pick<
    RlSettings,
    'algo' | 'task' | 'template' | 'seed' | 'evalN' | 'evalTemperature' | 'evalMaxTokens'
  >,
  runDir: string,
  step: number,
  host?: SamplerHost,
): Promise<object> {
  const dir = join(runDir, 'evals', checkpointName(step));
  await mkdir(dir, { recursive: true });
  const { onnxPath } = await exportOnnx(model, tokenizer.toJSON(), join(dir, 'model.onnx'), {
    step,
    algo: settings.algo,
    task: settings.task,
    template: settings.template,
    seed: settings.seed,
  });
  const { bytes, sidecar } = await readOnnxModel(onnxPath);
  const sampler = host
    ? await host.open(bytes, sidecar)
    : await openSampler(bytes, sidecar, samplerOptionsFor('cpu'));
  try {
    const records = await sampleProblems(
      sampler,
      tokenizer,
      problems.map((p) => ({ id: p.id, prompt: promptFor(p, settings.template) })),
      {
        n: settings.evalN,
        temperature: settings.evalTemperature,
        topP: 1,
        maxTokens: settings.evalMaxTokens,
        seed: settings.seed,
        batchSize: 32,
      },
    );
    await writeFile(join(dir, 'generations.jsonl'), records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const summary = summarize(problems, records);
    return { ...summary, truncated_frac: records.length > 0 ? summary.truncated / records.length : 0 };
  } finally {
    await sampler.release();
  }
}

/** Fresh prompts for RL: a seed apart from the SFT data's, with the held-out problems left out. */
async function rlTrainProblems(settings: RlSettings, evalProblems: TaskProblem[]): Promise<TaskProblem[]> {
  if (settings.task === 'countdown') {
    const key = (p: TaskProblem) => JSON.stringify(p.reference);
    const heldOut = new Set(evalProblems.map(key));
    return generateCountdownProblems({
      ...countdownDifficulty(settings),
      seed: settings.seed + 1_000_003,
      count: settings.trainSize,
      idPrefix: 'countdown/rl',
    }).filter((p) => !heldOut.has(key(p)));
  }
  if (!settings.gsm8kTrain) throw new UsageError('--gsm8k-train <path-or-url> is required for gsm8k');
  const source = settings.gsm8kTrain;
  const isUrl = /^https?:\/\//.test(source);
  const { problems } = await loadGsm8k({
    split: 'train',
    ...(isUrl ? { url: source } : { path: source }),
    template: settings.template === 'chat' ? 'chat' : 'base',
  });
  return problems.slice(0, settings.trainSize);
}

function settingsFrom(
  raw: RawRlOptions,
  explicit: ReadonlySet<string>,
  initDir: string,
  init: CheckpointConfig,
): RlSettings {
  const fromInit = init.train as Record<string, unknown>;
  // Given on the command line, else the RL default, else what the SFT run used.
  const value = (key: string): string | undefined => {
    const given = raw[key];
    if (explicit.has(key) && typeof given === 'string') return given;
    if (RL_DEFAULTS[key] !== undefined) return RL_DEFAULTS[key];
    if (fromInit[key] !== undefined) return String(fromInit[key]);
    return typeof given === 'string' ? given : undefined;
  };
  const num = (key: string, integer = false): number => parseNumber(kebab(key), value(key), integer);
  const algo = String(raw.algo);
  if (!isRlAlgo(algo)) throw new UsageError(`unknown RL algorithm ${algo}`);
  const loss = value('loss') ?? 'sequence-mean';
  if (!isLossAggregation(loss)) throw new UsageError(`--loss must be sequence-mean, token-mean or constant`);
  const scaleRewards = value('scaleRewards') ?? 'group';
  if (scaleRewards !== 'group' && scaleRewards !== 'batch' && scaleRewards !== 'none')
    throw new UsageError('--scale-rewards must be group, batch or none');
  const weighting = value('weights') ?? 'binary';
  if (weighting !== 'binary' && weighting !== 'advantage')
    throw new UsageError('--weights must be binary or advantage');
  const task = (explicit.has('task') ? raw.task : (fromInit.task ?? raw.task)) as RlSettings['task'];
  const template = (fromInit.template ?? 'base') as TrainTemplate;
  const lr = num('lr');
  const clipEps = num('clipEps');
  const temperature = num('temperature');
  if (!(temperature > 0)) throw new UsageError(`--temperature must be > 0 for RL, got ${temperature}`);
  const topP = num('topP');
  if (!(topP > 0 && topP <= 1)) throw new UsageError(`--top-p must be in (0, 1], got ${topP}`);
  // The nucleus cut samples from a distribution the policy's log-probs do not describe: the ratio and the
  // policy gradient would be off-policy, so grpo refuses it rather than silently learning something else.
  if (algo === 'grpo' && topP < 1)
    throw new UsageError('--top-p < 1 makes grpo off-policy; sample with --top-p 1 (and set --temperature)');
  const evalMaxTokens = num('evalMaxTokens', true);
  const evalTaskset = value('evalTaskset') ?? `${task}/test`;
  return {
    algo,
    task,
    template,
    init: initDir,
    model: init.model,
    seed: num('seed', true),
    steps: num('steps', true),
    promptsPerStep: num('promptsPerStep', true),
    groupSize: num('groupSize', true),
    lr,
    minLr: explicit.has('minLr') ? num('minLr') : lr,
    warmup: num('warmup', true),
    weightDecay: num('weightDecay'),
    gradClip: num('gradClip'),
    clipEps,
    clipEpsHigh: explicit.has('clipEpsHigh') ? num('clipEpsHigh') : clipEps,
    klBeta: num('klBeta'),
    numIterations: Math.max(1, num('numIterations', true)),
    aggregation: loss,
    scaleRewards: scaleRewards as ScaleRewards,
    weighting,
    negWeight: num('negWeight'),
    // On unless --no-drop-uniform (a resumed or older run keeps what its checkpoint says).
    dropUniform: raw.dropUniform !== false,
    formatReward: num('formatReward'),
    temperature,
    topP,
    maxTokens: explicit.has('maxTokens') ? num('maxTokens', true) : evalMaxTokens,
    maxCompletionLength: (explicit.has('maxTokens') ? num('maxTokens', true) : evalMaxTokens) + 1,
    sampleBatchSize: num('sampleBatchSize', true),
    microBatch: num('microBatch', true),
    trainSize: num('trainSize', true),
    minNumbers: num('minNumbers', true),
    maxNumbers: num('maxNumbers', true),
    ...rangeSettings(value),
    ...(typeof value('gsm8kTrain') === 'string' ? { gsm8kTrain: value('gsm8kTrain') as string } : {}),
    evalTaskset,
    evalProblems: num('evalProblems', true),
    evalEvery: num('evalEvery', true),
    evalN: num('evalN', true),
    evalTemperature: num('evalTemperature'),
    evalMaxTokens,
    checkpointEvery: Math.max(1, num('checkpointEvery', true)),
  };
}

/** The Countdown ranges: the command line's when given, else the SFT run's (the prompts it was trained on). */
function rangeSettings(value: (key: string) => string | undefined) {
  const out: Pick<RlSettings, 'minValue' | 'maxValue' | 'minTarget' | 'maxTarget'> = {};
  for (const key of ['minValue', 'maxValue', 'minTarget', 'maxTarget'] as const) {
    const given = value(key);
    if (given !== undefined) out[key] = parseNumber(kebab(key), given, true);
  }
  return out;
}

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
