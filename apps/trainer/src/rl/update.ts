/**
 * The gradient half of a round: the sampled sequences, one coefficient each (the GRPO advantage or the
 * ISFT weight), `numIterations` AdamW updates against log-probs of the sampling policy frozen before the
 * first one. Micro-batches accumulate gradients; the loss normalisers are those of the whole batch, so
 * the update does not depend on the micro-batch size.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Gpt } from '../model/gpt.js';
import type { AdamW } from '../train/adamw.js';
import { type EncodedExample, type TokenBatch, toBatch } from '../train/data.js';
import { tokenLogProbs } from './logprobs.js';
import { type AggregationScale, grpoLoss, isftLoss, type LossAggregation } from './losses.js';

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

interface MicroBatch {
  batch: TokenBatch;
  tensors: { inputs: tf.Tensor2D; targets: tf.Tensor2D; mask: tf.Tensor2D; coefficients: tf.Tensor1D };
  old?: tf.Tensor2D;
  ref?: tf.Tensor2D;
  completionTokens: number;
}

export function policyUpdate(input: UpdateInput): UpdateResult {
  const { options } = input;
  // No rows: no optimizer step, so the weights and the optimizer state stay exactly as they were.
  if (input.rows.length === 0) return { losses: [], gradNorm: 0, clipFraction: 0, kl: null, tokens: 0 };
  // A row with coefficient 0 adds nothing to the loss or its gradient (unless the KL term is on), so it
  // is left out of the passes but still counted by the normalisers: the same update, much less compute.
  const keepAll = options.algo === 'grpo' && options.klBeta > 0;
  const active = input.rows.flatMap((_, i) => (keepAll || input.coefficients[i] !== 0 ? [i] : []));
  const micro = microBatches({
    ...input,
    rows: active.map((i) => input.rows[i] as EncodedExample),
    coefficients: active.map((i) => input.coefficients[i] as number),
  });
  const scale: AggregationScale = {
    sequences: input.rows.length,
    tokens: input.rows.reduce((n, row) => n + row.ids.length - row.completionStart, 0),
    maxLength: options.maxCompletionLength,
  };
  const losses: number[] = [];
  let gradNorm = 0;
  let clipFraction = 0;
  let kl = 0;
  try {
    for (let iteration = 0; iteration < options.numIterations; iteration++) {
      const stats = { loss: 0, clip: 0, kl: 0 };
      let accumulated: tf.Tensor[] | null = null;
      for (const m of micro) {
        const grads = tf.tidy(() => {
          const { value, grads } = tf.variableGrads(() => {
            const out = lossOf(input, m, scale);
            stats.clip += (out.clipFraction.dataSync()[0] as number) * m.completionTokens;
            stats.kl += (out.kl.dataSync()[0] as number) * m.completionTokens;
            return out.loss;
          }, input.weights);
          stats.loss += value.dataSync()[0] as number;
          return input.weights.map((w) => grads[w.name] as tf.Tensor);
        });
        if (accumulated === null) accumulated = grads;
        else {
          const previous: tf.Tensor[] = accumulated;
          accumulated = previous.map((g, i) => tf.add(g, grads[i] as tf.Tensor));
          tf.dispose([...previous, ...grads]);
        }
      }
      const grads = accumulated ?? input.weights.map((w) => tf.zerosLike(w));
      gradNorm = input.optimizer.apply(grads, input.lrAt(input.optimizer.step), options.gradClip);
      tf.dispose(grads);
      losses.push(stats.loss);
      clipFraction = stats.clip / Math.max(1, scale.tokens ?? 1);
      kl = stats.kl / Math.max(1, scale.tokens ?? 1);
    }
  } finally {
    for (const m of micro)
      tf.dispose([...Object.values(m.tensors), ...(m.old ? [m.old] : []), ...(m.ref ? [m.ref] : [])]);
  }
  const tokens = micro.reduce((n, m) => n + m.batch.tokens, 0) * options.numIterations;
  return { losses, gradNorm, clipFraction, kl: input.reference ? kl : null, tokens };
}

function lossOf(input: UpdateInput, m: MicroBatch, scale: AggregationScale) {
  const { options } = input;
  const logProbs = tokenLogProbs(input.model, m.tensors.inputs, m.tensors.targets, options.temperature);
  if (options.algo === 'grpo') {
    return grpoLoss({
      logProbs,
      oldLogProbs: m.old as tf.Tensor2D,
      ...(m.ref ? { refLogProbs: m.ref } : {}),
      advantages: m.tensors.coefficients,
      mask: m.tensors.mask,
      clipEps: options.clipEps,
      clipEpsHigh: options.clipEpsHigh,
      klBeta: options.klBeta,
      aggregation: options.aggregation,
      scale,
    });
  }
  return isftLoss({
    logProbs,
    weights: m.tensors.coefficients,
    mask: m.tensors.mask,
    aggregation: options.aggregation,
    scale,
    ...(m.ref ? { refLogProbs: m.ref } : {}),
  });
}

/** Splits the rows, builds their tensors and freezes the old and reference log-probs. */
function microBatches(input: UpdateInput): MicroBatch[] {
  const out: MicroBatch[] = [];
  const size = Math.max(1, input.options.microBatch);
  for (let start = 0; start < input.rows.length; start += size) {
    const batch = toBatch(input.rows.slice(start, start + size), input.pad);
    const shape: [number, number] = [batch.batch, batch.length];
    const tensors = {
      inputs: tf.tensor2d(batch.inputs, shape, 'int32'),
      targets: tf.tensor2d(batch.targets, shape, 'int32'),
      mask: tf.tensor2d(batch.lossMask, shape, 'float32'),
      coefficients: tf.tensor1d(input.coefficients.slice(start, start + size), 'float32'),
    };
    const m: MicroBatch = {
      batch,
      tensors,
      completionTokens: batch.lossMask.reduce((n, v) => n + v, 0),
    };
    // The sampling policy's log-probs: the model before this round's first update.
    const temperature = input.options.temperature;
    if (input.options.algo === 'grpo')
      m.old = tokenLogProbs(input.model, tensors.inputs, tensors.targets, temperature);
    if (input.reference) m.ref = tokenLogProbs(input.reference, tensors.inputs, tensors.targets, temperature);
    out.push(m);
  }
  return out;
}
