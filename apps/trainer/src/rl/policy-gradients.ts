/**
 * The gradient of the policy loss over some micro-batches, on the calling thread: what the main thread
 * runs for its share of a round and what a gradient worker runs for its own (see train/grad-worker.ts).
 * Micro-batches are plain data so that they can be sent to a worker; the loss normalisers are those of
 * the whole round, so the parts' gradients simply add up.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Gpt } from '../model/gpt.js';
import type { TokenBatch } from '../train/data.js';
import { trainedTokens } from '../train/shards.js';
import { tokenLogProbs } from './logprobs.js';
import { type AggregationScale, grpoLoss, isftLoss } from './losses.js';
import type { UpdateOptions } from './update.js';

export interface PolicyMicroBatch {
  batch: TokenBatch;
  /** One per row: advantage (grpo) or weight (isft). */
  coefficients: Float32Array;
  /**
   * The sampling policy's log-probs, [batch x length], frozen before a round of several iterations; null
   * with one iteration, where the policy is still the sampling policy and its own values (without their
   * gradient) are the same numbers.
   */
  old: Float32Array | null;
  /** The reference policy's log-probs for the KL term, or null. */
  ref: Float32Array | null;
}

export type PolicyLossSpec = Pick<
  UpdateOptions,
  'algo' | 'clipEps' | 'clipEpsHigh' | 'klBeta' | 'aggregation' | 'temperature'
> & { scale: AggregationScale };

export interface PolicyGradients {
  loss: number;
  /** Sums over completion tokens, for the round's means. */
  clippedTokens: number;
  klSum: number;
  /** In weight order (the caller disposes them). */
  grads: tf.Tensor[];
}

export function policyGradients(
  model: Gpt,
  weights: tf.Variable[],
  micros: PolicyMicroBatch[],
  spec: PolicyLossSpec,
): PolicyGradients {
  const out: PolicyGradients = { loss: 0, clippedTokens: 0, klSum: 0, grads: [] };
  for (const micro of micros) {
    const grads = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const loss = microBatchLoss(model, micro, spec);
        const tokens = trainedTokens(micro.batch);
        out.clippedTokens += (loss.clipFraction.dataSync()[0] as number) * tokens;
        out.klSum += (loss.kl.dataSync()[0] as number) * tokens;
        return loss.loss;
      }, weights);
      out.loss += value.dataSync()[0] as number;
      return weights.map((w) => grads[w.name] as tf.Tensor);
    });
    out.grads = addGradients(out.grads, grads);
  }
  return out;
}

/** `total + more`, weight by weight (an empty `total` is zero); disposes both inputs. */
export function addGradients(total: tf.Tensor[], more: tf.Tensor[]): tf.Tensor[] {
  if (total.length === 0) return more;
  const sums = total.map((g, i) => tf.add(g, more[i] as tf.Tensor));
  tf.dispose([...total, ...more]);
  return sums;
}

function microBatchLoss(model: Gpt, micro: PolicyMicroBatch, spec: PolicyLossSpec) {
  const { batch } = micro;
  const shape: [number, number] = [batch.batch, batch.length];
  const inputs = tf.tensor2d(batch.inputs, shape, 'int32');
  const targets = tf.tensor2d(batch.targets, shape, 'int32');
  const mask = tf.tensor2d(batch.lossMask, shape, 'float32');
  const coefficients = tf.tensor1d(micro.coefficients, 'float32');
  const logProbs = tokenLogProbs(model, inputs, targets, spec.temperature);
  const ref = micro.ref ? { refLogProbs: tf.tensor2d(micro.ref, shape, 'float32') } : {};
  if (spec.algo === 'grpo') {
    return grpoLoss({
      logProbs,
      // A tensor made from the values is a constant to the tape: the values without their gradient.
      oldLogProbs: tf.tensor2d(micro.old ?? (logProbs.dataSync() as Float32Array), shape, 'float32'),
      ...ref,
      advantages: coefficients,
      mask,
      clipEps: spec.clipEps,
      clipEpsHigh: spec.clipEpsHigh,
      klBeta: spec.klBeta,
      aggregation: spec.aggregation,
      scale: spec.scale,
    });
  }
  return isftLoss({
    logProbs,
    weights: coefficients,
    mask,
    aggregation: spec.aggregation,
    scale: spec.scale,
    ...ref,
  });
}
