/**
 * The SFT training loop: next batch, loss and gradients, AdamW step, and on their schedules a metrics
 * line, an evaluation on held-out problems and a checkpoint. Everything random is seeded and part of
 * the checkpoint, so `--resume` continues with exactly the losses an uninterrupted run would have had.
 */
import { appendFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import type { Gpt } from '../model/gpt.js';
import { type AdamW, learningRateAt } from './adamw.js';
import type { CheckpointConfig, TrainState } from './checkpoint.js';
import type { SftBatches, TokenBatch } from './data.js';
import type { GradientWorkers } from './gradient-workers.js';
import { openSession } from './session.js';
import { shardGradients } from './shards.js';

export interface SftOptions {
  /** Length of the run (the learning-rate schedule ends here). */
  steps: number;
  batchSize: number;
  lr: number;
  minLr: number;
  warmup: number;
  weightDecay: number;
  gradClip: number;
  logEvery: number;
  /** 0 disables periodic evaluation (a final one still runs when an evaluator is given). */
  evalEvery: number;
  checkpointEvery: number;
  runDir: string;
  /** Stop early after this step (as if interrupted); the schedule still follows `steps`. */
  stopAfter?: number;
  /** Stop (checkpoint and evaluate) once this many seconds have passed in this process. */
  maxSeconds?: number;
}

export interface StepMetrics {
  step: number;
  loss: number;
  lr: number;
  grad_norm: number;
  tokens: number;
  tokens_per_s: number;
  elapsed_s: number;
}

export type Evaluate = (model: Gpt, step: number) => Promise<object>;

export interface SftRun {
  model: Gpt;
  config: CheckpointConfig;
  batches: SftBatches;
  options: SftOptions;
  /** From a checkpoint when resuming. */
  state?: TrainState;
  optimizerState?: Float32Array | null;
  evaluate?: Evaluate;
  /** Threads that share each step's batch (data parallelism); absent: the main thread alone. */
  workers?: GradientWorkers;
  onStep?: (metrics: StepMetrics) => void;
  onEval?: (step: number, result: object) => void;
}

export interface SftResult {
  losses: number[];
  state: TrainState;
}

export async function runSft(run: SftRun): Promise<SftResult> {
  const { model, options } = run;
  const session = await openSession(run, () => run.batches.state);
  const { weights, optimizer, state, metricsPath } = session;
  const lastStep = Math.min(options.steps, options.stopAfter ?? options.steps);
  const losses: number[] = [];
  const started = performance.now();
  let windowTokens = 0;
  let windowStart = started;

  try {
    const outOfTime = () =>
      options.maxSeconds !== undefined && performance.now() - started > options.maxSeconds * 1000;
    while (state.step < lastStep && !outOfTime()) {
      const batch = run.batches.next(options.batchSize);
      const lr = learningRateAt(state.step, { ...options, totalSteps: options.steps });
      const { loss, gradNorm } = run.workers
        ? await parallelTrainStep(run.workers, model, weights, optimizer, batch, lr, options.gradClip)
        : trainStep(model, weights, optimizer, batch, lr, options.gradClip);
      state.step++;
      state.tokensSeen += batch.tokens;
      windowTokens += batch.tokens;
      losses.push(loss);
      const now = performance.now();
      const metrics: StepMetrics = {
        step: state.step,
        loss,
        lr,
        grad_norm: gradNorm,
        tokens: state.tokensSeen,
        tokens_per_s: (windowTokens * 1000) / Math.max(1, now - windowStart),
        elapsed_s: (now - started) / 1000,
      };
      run.onStep?.(metrics);
      if (state.step % options.logEvery === 0 || state.step === lastStep) {
        await appendFile(metricsPath, `${JSON.stringify(metrics)}\n`);
        windowTokens = 0;
        windowStart = now;
      }
      await session.afterStep(options, lastStep);
    }
    await session.finish();
  } finally {
    optimizer.dispose();
  }
  return { losses, state };
}

/** Forward, backward and one AdamW update; returns the batch loss and the gradient norm. */
export function trainStep(
  model: Gpt,
  weights: tf.Variable[],
  optimizer: AdamW,
  batch: TokenBatch,
  lr: number,
  gradClip: number,
): { loss: number; gradNorm: number } {
  return applyGradients(optimizer, shardGradients(model, weights, batch), lr, gradClip);
}

/** trainStep with the batch's gradient computed by several threads (see gradient-workers.ts). */
export async function parallelTrainStep(
  workers: GradientWorkers,
  model: Gpt,
  weights: tf.Variable[],
  optimizer: AdamW,
  batch: TokenBatch,
  lr: number,
  gradClip: number,
): Promise<{ loss: number; gradNorm: number }> {
  return applyGradients(optimizer, await workers.gradients(model, weights, batch), lr, gradClip);
}

function applyGradients(
  optimizer: AdamW,
  { loss, grads }: { loss: number; grads: tf.Tensor[] },
  lr: number,
  gradClip: number,
): { loss: number; gradNorm: number } {
  try {
    return { loss, gradNorm: optimizer.apply(grads, lr, gradClip) };
  } finally {
    tf.dispose(grads);
  }
}
