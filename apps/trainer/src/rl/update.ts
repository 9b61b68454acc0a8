/**
 * The gradient half of a round: the sampled sequences, one coefficient each (the GRPO advantage or the
 * ISFT weight), `numIterations` AdamW updates against log-probs of the sampling policy frozen before the
 * first one. Micro-batches accumulate gradients; the loss normalisers are those of the whole batch, so
 * the update does not depend on the micro-batch size.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Gpt } from '../model/gpt.js';
import type { AdamW } from '../train/adamw.js';
import { type EncodedExample, toBatch } from '../train/data.js';
import type { GradientWorkers } from '../train/gradient-workers.js';
import { tokenLogProbs } from './logprobs.js';
import type { LossAggregation } from './losses.js';
import { type PolicyLossSpec, type PolicyMicroBatch, policyGradients } from './policy-gradients.js';

export type RlAlgo = 'grpo' | 'filtered-isft' | 'isft';

export function isRlAlgo(value: string): value is RlAlgo {
  return value === 'grpo' || value === 'filtered-isft' || value === 'isft';
}

export interface UpdateOptions {
  algo: RlAlgo;
  clipEps: number;
  clipEpsHigh: number;
  klBeta: number;
  numIterations: number;
  aggregation: LossAggregation;
  /** The completion length limit, the denominator of the `constant` aggregation. */
  maxCompletionLength: number;
  microBatch: number;
  gradClip: number;
  /** The rollouts' sampling temperature: every log-prob (policy, old, reference) is taken at it. */
  temperature: number;
}

export interface UpdateInput {
  model: Gpt;
  weights: tf.Variable[];
  optimizer: AdamW;
  /** The frozen reference policy for the KL term (grpo with klBeta > 0). */
  reference?: Gpt;
  rows: EncodedExample[];
  /** One per row: advantage (grpo) or weight (isft). */
  coefficients: number[];
  pad: number;
  /** Learning rate of the update with this optimizer step index. */
  lrAt: (optimizerStep: number) => number;
  options: UpdateOptions;
  /** Threads sharing the passes; without them everything runs on this thread. */
  workers?: GradientWorkers;
}

export interface UpdateResult {
  /** The loss before each of the numIterations updates. */
  losses: number[];
  gradNorm: number;
  clipFraction: number;
  /** Mean k3 KL to the reference over completion tokens, null without a reference. */
  kl: number | null;
  /** Tokens in the trained sequences (prompt included) times iterations. */
  tokens: number;
}

export async function policyUpdate(input: UpdateInput): Promise<UpdateResult> {
  const { options } = input;
  // No rows: no optimizer step, so the weights and the optimizer state stay exactly as they were.
  if (input.rows.length === 0) return { losses: [], gradNorm: 0, clipFraction: 0, kl: null, tokens: 0 };
  // A row with coefficient 0 adds nothing to the loss or its gradient (unless the KL term is on), so it
  // is left out of the passes but still counted by the normalisers: the same update, much less compute.
  const keepAll = options.algo === 'grpo' && options.klBeta > 0;
  const active = input.rows.flatMap((_, i) => (keepAll || input.coefficients[i] !== 0 ? [i] : []));
  const spec: PolicyLossSpec = {
    algo: options.algo,
    clipEps: options.clipEps,
    clipEpsHigh: options.clipEpsHigh,
    klBeta: options.klBeta,
    aggregation: options.aggregation,
    temperature: options.temperature,
    scale: {
      sequences: input.rows.length,
      tokens: input.rows.reduce((n, row) => n + row.ids.length - row.completionStart, 0),
      maxLength: options.maxCompletionLength,
    },
  };
  const parts = splitByTokens(active, input.rows, input.workers?.count ?? 1).map((part) =>
    microBatches(input, part),
  );
  const trainedTokens = spec.scale.tokens ?? 1;
  const losses: number[] = [];
  let gradNorm = 0;
  let clipFraction = 0;
  let kl = 0;
  for (let iteration = 0; iteration < options.numIterations; iteration++) {
    const round = input.workers
      ? await input.workers.policyGradients(input.model, input.weights, parts, spec)
      : policyGradients(input.model, input.weights, parts.flat(), spec);
    const grads = round.grads.length > 0 ? round.grads : input.weights.map((w) => tf.zerosLike(w));
    gradNorm = input.optimizer.apply(grads, input.lrAt(input.optimizer.step), options.gradClip);
    tf.dispose(grads);
    losses.push(round.loss);
    clipFraction = round.clippedTokens / Math.max(1, trainedTokens);
    kl = round.klSum / Math.max(1, trainedTokens);
  }
  const tokens = parts.flat().reduce((n, m) => n + m.batch.tokens, 0) * options.numIterations;
  return { losses, gradNorm, clipFraction, kl: input.reference ? kl : null, tokens };
}

/**
 * Splits the active rows into `count` contiguous parts of about equal token counts (empty parts left
 * out), one per thread.
 */
export function splitByTokens(active: number[], rows: EncodedExample[], count: number): number[][] {
  const lengthOf = (i: number) => (rows[i] as EncodedExample).ids.length;
  const total = active.reduce((n, i) => n + lengthOf(i), 0);
  const parts: number[][] = [[]];
  let seen = 0;
  for (const i of active) {
    const current = parts[parts.length - 1] as number[];
    if (current.length > 0 && parts.length < count && seen >= (total * parts.length) / count) parts.push([i]);
    else current.push(i);
    seen += lengthOf(i);
  }
  return parts.filter((part) => part.length > 0);
}

/**
 * A part's rows in micro-batches, each with the log-probs the loss compares against frozen now: the
 * sampling policy's (several iterations only) and the reference's (KL term only).
 */
function microBatches(input: UpdateInput, part: number[]): PolicyMicroBatch[] {
  const out: PolicyMicroBatch[] = [];
  const size = Math.max(1, input.options.microBatch);
  const { temperature } = input.options;
  const frozenOld = input.options.algo === 'grpo' && input.options.numIterations > 1;
  for (let start = 0; start < part.length; start += size) {
    const rows = part.slice(start, start + size);
    const batch = toBatch(
      rows.map((i) => input.rows[i] as EncodedExample),
      input.pad,
    );
    // The values only: tidy disposes the tensors once they are read.
    const frozen = (model: Gpt | undefined): Float32Array | null =>
      model
        ? tf.tidy(() => {
            const shape: [number, number] = [batch.batch, batch.length];
            const inputs = tf.tensor2d(batch.inputs, shape, 'int32');
            const targets = tf.tensor2d(batch.targets, shape, 'int32');
            return tokenLogProbs(model, inputs, targets, temperature).dataSync() as Float32Array;
          })
        : null;
    out.push({
      batch,
      coefficients: Float32Array.from(rows, (i) => input.coefficients[i] as number),
      old: frozenOld ? frozen(input.model) : null,
      ref: frozen(input.reference),
    });
  }
  return out;
}
