/**
 * What `crossover train --algo grpo|filtered-isft|isft` runs: settings from the command line over those
 * of the SFT checkpoint it starts from (`--init`), or from the checkpoint when resuming; the prompt pool;
 * the reference policy when the KL term is on; the round loop with its progress lines and evaluations.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '@crossover/cli';
import { generateCountdownProblems, promptFor, type TaskProblem } from '@crossover/tasks';
import { loadGsm8k } from '@crossover/tasks/node';
import { describeBackend, selectBackend } from '../backend/select.js';
import { sftValue, type TrainOptions } from '../config/options.js';
import { rlSettingsFrom } from '../config/rl-settings.js';
import type { RlSettings, TrainSettings } from '../config/settings.js';
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
  readCheckpointConfig,
  resolveCheckpointDir,
  type TrainState,
} from '../train/checkpoint.js';
import { summarize } from '../train/evaluate.js';
import { GradientWorkers } from '../train/gradient-workers.js';
import { formatDuration } from '../train/progress.js';
import { countdownDifficulty, loadEvalProblems, workerCountFrom } from '../train/run-train.js';
import { type RlStepMetrics, runRl } from './loop.js';
import { isRlAlgo, type RlAlgo } from './update.js';

/** The RL algorithm a `train` invocation runs, or null for SFT (resumes read it from the checkpoint). */
export async function rlAlgoToRun(options: TrainOptions): Promise<RlAlgo | null> {
  if (options.resume !== undefined) {
    const { algo } = (await readCheckpointConfig(await resolveCheckpointDir(options.resume))).train;
    return isRlAlgo(algo) ? algo : null;
  }
  return options.algo !== undefined && isRlAlgo(options.algo) ? options.algo : null;
}

/** An RL run from an SFT checkpoint (`--init`), or the resumption of one, from the typed options. */
export async function runRlTrain(options: TrainOptions): Promise<void> {
  const backend = await selectBackend(sftValue(options, 'backend'));
  const workerChoice = sftValue(options, 'workers');
  const workerCount = workerCountFrom(workerChoice, backend.name);
  process.stderr.write(`${describeBackend(backend)}\n`);

  const resumeDir = options.resume === undefined ? undefined : await resolveCheckpointDir(options.resume);
  const loaded = resumeDir ? await loadCheckpoint(resumeDir) : undefined;
  let settings: RlSettings;
  let model: Gpt;
  let saved: CheckpointConfig;
  if (loaded) {
    settings = rlSettingsOf(loaded.config.train);
    model = loaded.model;
    saved = loaded.config;
  } else {
    if (options.init === undefined)
      throw new UsageError(`--algo ${String(options.algo)} needs --init <sft-run-dir>`);
    const initDir = await resolveCheckpointDir(options.init);
    const init = await loadCheckpoint(initDir);
    settings = rlSettingsFrom(options, initDir, init.config.train);
    model = init.model;
    saved = init.config;
  }
  // The policy keeps the vocabulary of the SFT checkpoint it starts from.
  const tokenizer = await checkpointTokenizer(saved.tokenizer, options.tokenizer);
  const runDir =
    options.runDir ??
    (resumeDir && options.resume === resumeDir
      ? resumeDir.replace(/\/checkpoints\/step-\d+\/?$/, '')
      : (options.resume ??
        `runs/${settings.task}-${settings.algo}-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}`));
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
      ...(options.maxMinutes === undefined ? {} : { maxSeconds: options.maxMinutes * 60 }),
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

/** The settings of the RL checkpoint being resumed (the train command sends SFT checkpoints to SFT). */
function rlSettingsOf(settings: TrainSettings): RlSettings {
  if (settings.algo === 'sft') throw new Error('not an RL checkpoint: sft');
  return settings;
}
