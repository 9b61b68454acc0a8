/**
 * The RL round loop. Each step: the next prompts -> G samples each from the current policy through the
 * ONNX sampler -> the real verifier's rewards -> advantages or weights -> `numIterations` updates with the
 * sampling policy's log-probs frozen -> a metrics line; on their schedules an evaluation (its ONNX model
 * and generations kept) and a checkpoint. Sampling seeds derive from (seed, step) and the prompt order is
 * in the checkpoint, so a resumed run continues with exactly the losses of an uninterrupted one.
 */
import { appendFile } from 'node:fs/promises';
import type { TaskProblem } from '@crossover/tasks';
import type { Gpt } from '../model/gpt.js';
import { rowSeed } from '../sample/sample-problems.js';
import type { Tokenizer } from '../tokenizer/bytes.js';
import { learningRateAt } from '../train/adamw.js';
import type { CheckpointConfig, TrainState } from '../train/checkpoint.js';
import type { TrainTemplate } from '../train/prompts.js';
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
  negWeight: number;
  /** isft: leave out groups that are all correct or all wrong. */
  dropUniform: boolean;
  formatReward: number;
  temperature: number;
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
      const rollouts = await sampleRollouts(model, run.tokenizer, problems, {
        groupSize: options.groupSize,
        temperature: options.temperature,
        topP: options.topP,
        maxTokens: options.maxTokens,
        batchSize: options.sampleBatchSize,
        seed: rowSeed(options.seed, state.step, 0x5eed),
        template: options.template,
        formatReward: options.formatReward,
      });
      const sampled = performance.now();
      const { rows, coefficients } = trainingRows(rollouts, options);
      const update = policyUpdate({
        model,
        weights,
        optimizer,
        ...(run.reference ? { reference: run.reference } : {}),
        rows,
        coefficients,
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
        trained_sequences: rows.length,
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

/** Which samples the update trains on, and each one's advantage or weight. */
export function trainingRows(
  rollouts: Rollout[],
  options: Pick<RlOptions, 'algo' | 'groupSize' | 'scaleRewards' | 'weighting' | 'negWeight' | 'dropUniform'>,
): { rows: Rollout['sequence'][]; coefficients: number[] } {
  const rewards = rollouts.map((r) => r.reward);
  const correct = rollouts.map((r) => r.correct);
  let coefficients: number[];
  let keep: number[];
  if (options.algo === 'grpo') {
    coefficients = groupAdvantages(rewards, options.groupSize, options.scaleRewards);
    keep = rollouts.map((_, i) => i);
  } else if (options.algo === 'filtered-isft') {
    coefficients = rollouts.map(() => 1);
    keep = rollouts.flatMap((r, i) => (r.correct ? [i] : []));
  } else {
    coefficients = isftWeights(correct, rewards, {
      weighting: options.weighting,
      negWeight: options.negWeight,
      groupSize: options.groupSize,
      scale: options.scaleRewards,
    });
    keep = options.dropUniform ? mixedGroupIndices(correct, options.groupSize) : rollouts.map((_, i) => i);
  }
  return {
    rows: keep.map((i) => (rollouts[i] as Rollout).sequence),
    coefficients: keep.map((i) => coefficients[i] as number),
  };
}
