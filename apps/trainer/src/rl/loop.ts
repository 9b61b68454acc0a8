/**
 * The RL round loop. Each step: the next prompts -> G samples each from the current policy through the
 * ONNX sampler -> the real verifier's rewards -> advantages or weights -> `numIterations` updates with the
 * sampling policy's log-probs frozen -> a metrics line; on their schedules an evaluation (its ONNX model
 * and generations kept) and a checkpoint. Sampling seeds derive from (seed, step) and the prompt order is
 * in the checkpoint, so a resumed run continues with exactly the losses of an uninterrupted one.
 */
import { appendFile } from 'node:fs/promises';
import type { TaskProblem, TrainTemplate } from '@crossover/tasks';
import type { Gpt } from '../model/gpt.js';
import { rowSeed } from '../sample/sample-problems.js';
import type { SamplerHost } from '../sample/sampler.js';
import type { Tokenizer } from '../tokenizer/bytes.js';
import { learningRateAt } from '../train/adamw.js';
import type { CheckpointConfig, TrainState } from '../train/checkpoint.js';
import type { GradientWorkers } from '../train/gradient-workers.js';
import { openSession } from '../train/session.js';
import {
  groupAdvantages,
  type IsftWeighting,
  isftWeights,
  mean,
  mixedGroupIndices,
  type ScaleRewards,
  std,
  zeroVarianceFraction,
} from './advantages.js';
import { ProblemOrder } from './problem-order.js';
import { type Rollout, sampleRollouts } from './rollout.js';
import { policyUpdate, type UpdateOptions } from './update.js';

export interface RlOptions extends UpdateOptions {
  steps: number;
  /** Prompts per round; each gets `groupSize` samples. */
  promptsPerStep: number;
  groupSize: number;
  lr: number;
  minLr: number;
  warmup: number;
  weightDecay: number;
  scaleRewards: ScaleRewards;
  weighting: IsftWeighting;
  /** isft: lambda, the weight -lambda of an incorrect sample (1: the RL-in-Name-Only paper's F-ISFT±). */
  negWeight: number;
  /** filtered-isft and isft: leave out groups that are all correct or all wrong (default). */
  dropUniform: boolean;
  formatReward: number;
  topP: number;
  maxTokens: number;
  sampleBatchSize: number;
  seed: number;
  template: TrainTemplate;
  evalEvery: number;
  checkpointEvery: number;
  runDir: string;
  stopAfter?: number;
  maxSeconds?: number;
}

export interface RlStepMetrics {
  step: number;
  algo: string;
  reward_mean: number;
  reward_std: number;
  correct_frac: number;
  zero_variance_frac: number;
  /** Groups whose samples got a non-zero coefficient; 0 means the round took no optimizer step. */
  signal_groups: number;
  /** Whether the round changed the weights (an optimizer step was taken). */
  updated: boolean;
  loss: number | null;
  kl: number | null;
  clip_frac: number;
  grad_norm: number;
  lr: number;
  completion_tokens_mean: number;
  truncated_frac: number;
  trained_sequences: number;
  tokens: number;
  tokens_per_s: number;
  sample_s: number;
  update_s: number;
  elapsed_s: number;
}

export type RlEvaluate = (model: Gpt, step: number) => Promise<object>;

export interface RlRun {
  model: Gpt;
  reference?: Gpt;
  tokenizer: Tokenizer;
  config: CheckpointConfig;
  trainProblems: TaskProblem[];
  options: RlOptions;
  state?: TrainState;
  optimizerState?: Float32Array | null;
  evaluate?: RlEvaluate;
  onStep?: (metrics: RlStepMetrics) => void;
  onEval?: (step: number, result: object) => void;
  /** Threads for the rounds: sampler threads and gradient workers (default: this thread alone). */
  parallel?: { sampler?: SamplerHost; gradients?: GradientWorkers };
}

export interface RlResult {
  /** Per step, the loss before each update of the round. */
  losses: number[][];
  state: TrainState;
}

export async function runRl(run: RlRun): Promise<RlResult> {
  const { model, options } = run;
  const order = new ProblemOrder(run.trainProblems.length, options.seed, run.state?.cursor);
  const session = await openSession(run, () => order.state);
  const { weights, optimizer, state, metricsPath } = session;
  const lastStep = Math.min(options.steps, options.stopAfter ?? options.steps);
  // One schedule position per optimizer update: numIterations updates per round.
  const totalUpdates = options.steps * options.numIterations;
  const lrAt = (update: number) =>
    learningRateAt(update, {
      lr: options.lr,
      minLr: options.minLr,
      warmup: options.warmup,
      totalSteps: totalUpdates,
    });
  const losses: number[][] = [];
  const started = performance.now();

  try {
    const outOfTime = () =>
      options.maxSeconds !== undefined && performance.now() - started > options.maxSeconds * 1000;
    if (state.step === 0 && options.evalEvery > 0) await session.evaluate();
    while (state.step < lastStep && !outOfTime()) {
      const roundStart = performance.now();
      const problems = order.next(options.promptsPerStep).map((i) => run.trainProblems[i] as TaskProblem);
      const rollouts = await sampleRollouts(
        model,
        run.tokenizer,
        problems,
        {
          groupSize: options.groupSize,
          temperature: options.temperature,
          topP: options.topP,
          maxTokens: options.maxTokens,
          batchSize: options.sampleBatchSize,
          seed: rowSeed(options.seed, state.step, 0x5eed),
          template: options.template,
          formatReward: options.formatReward,
        },
        run.parallel?.sampler,
      );
      const sampled = performance.now();
      const { rows, coefficients, signalGroups } = trainingRows(rollouts, options);
      // One rule for every algorithm: a round without signal takes no optimizer step (AdamW on zero
      // gradients would still move the weights by its momentum), so the arms stay comparable.
      const update = await policyUpdate({
        ...(run.parallel?.gradients ? { workers: run.parallel.gradients } : {}),
        model,
        weights,
        optimizer,
        ...(run.reference ? { reference: run.reference } : {}),
        rows: signalGroups > 0 ? rows : [],
        coefficients: signalGroups > 0 ? coefficients : [],
        pad: run.tokenizer.pad,
        lrAt,
        options,
      });
      state.step++;
      state.tokensSeen += update.tokens;
      losses.push(update.losses);
      const now = performance.now();
      const rewards = rollouts.map((r) => r.reward);
      const sampledTokens = rollouts.reduce((n, r) => n + r.completionTokens, 0);
      const metrics: RlStepMetrics = {
        step: state.step,
        algo: options.algo,
        reward_mean: mean(rewards),
        reward_std: std(rewards),
        correct_frac: rollouts.filter((r) => r.correct).length / rollouts.length,
        zero_variance_frac: zeroVarianceFraction(rewards, options.groupSize),
        loss: update.losses.length > 0 ? mean(update.losses) : null,
        kl: update.kl,
        clip_frac: update.clipFraction,
        grad_norm: update.gradNorm,
        lr: lrAt(Math.max(0, optimizer.step - 1)),
        completion_tokens_mean: sampledTokens / rollouts.length,
        truncated_frac: rollouts.filter((r) => r.truncated).length / rollouts.length,
        signal_groups: signalGroups,
        updated: update.losses.length > 0,
        trained_sequences: update.losses.length > 0 ? rows.length : 0,
        tokens: state.tokensSeen,
        // Sampled plus trained tokens over the whole round.
        tokens_per_s: ((sampledTokens + update.tokens) * 1000) / Math.max(1, now - roundStart),
        sample_s: (sampled - roundStart) / 1000,
        update_s: (now - sampled) / 1000,
        elapsed_s: (now - started) / 1000,
      };
      await appendFile(metricsPath, `${JSON.stringify(metrics)}\n`);
      run.onStep?.(metrics);
      await session.afterStep(options, lastStep);
    }
    await session.finish();
  } finally {
    optimizer.dispose();
  }
  return { losses, state };
}

/** The rows an update trains on, each one's advantage or weight, and how many groups carry signal. */
export interface TrainingRows {
  rows: Rollout['sequence'][];
  coefficients: number[];
  /** Groups with at least one row of non-zero coefficient: without any, no optimizer step is taken. */
  signalGroups: number;
}

/**
 * Which samples the update trains on, and each one's coefficient:
 * - grpo: every sample, its group advantage (0 in a uniform group);
 * - filtered-isft (F-ISFT+): the correct samples, weight +1;
 * - isft (F-ISFT±): correct +1, incorrect -negWeight (or the group advantage with `weighting: advantage`).
 * For both ISFT forms `dropUniform` leaves out groups that are all correct or all wrong, as GRPO's zero
 * advantage does: an all-wrong group would otherwise push unlikelihood on every one of its samples.
 */
export function trainingRows(
  rollouts: Rollout[],
  options: Pick<RlOptions, 'algo' | 'groupSize' | 'scaleRewards' | 'weighting' | 'negWeight' | 'dropUniform'>,
): TrainingRows {
  const rewards = rollouts.map((r) => r.reward);
  const correct = rollouts.map((r) => r.correct);
  let coefficients: number[];
  if (options.algo === 'grpo') {
    coefficients = groupAdvantages(rewards, options.groupSize, options.scaleRewards);
  } else if (options.algo === 'filtered-isft') {
    coefficients = correct.map((c) => (c ? 1 : 0));
  } else {
    coefficients = isftWeights(correct, rewards, {
      weighting: options.weighting,
      negWeight: options.negWeight,
      groupSize: options.groupSize,
      scale: options.scaleRewards,
    });
  }
  // GRPO keeps its zero-advantage samples: they count in the loss normalisers, as in TRL.
  const mixed = new Set(mixedGroupIndices(correct, options.groupSize));
  const kept = (i: number) =>
    options.algo === 'grpo' ||
    ((options.algo === 'isft' || correct[i]) && (!options.dropUniform || mixed.has(i)));
  const keep = rollouts.flatMap((_, i) => (kept(i) ? [i] : []));
  const signal = keep.filter((i) => coefficients[i] !== 0).map((i) => Math.floor(i / options.groupSize));
  return {
    rows: keep.map((i) => (rollouts[i] as Rollout).sequence),
    coefficients: keep.map((i) => coefficients[i] as number),
    signalGroups: new Set(signal).size,
  };
}
