/**
 * The RL objectives, as pure tensor functions. Every input is per token, [B, T], over the positions that
 * predict a completion token (`mask` 1) or not (prompt, padding: 0); advantages and weights are per
 * sequence, [B]. Each returns the scalar to minimise plus the statistics trainers log.
 *
 *   grpo           -min(r A, clip(r, 1 - eps, 1 + eps_high) A) + beta KL_k3(pi || pi_ref),  r = pi / pi_old
 *   isft           -w log pi   (w = +1 / -lambda, or w = A: the same gradient as grpo at r = 1, beta = 0)
 *   filtered-isft  isft on the correct samples only, w = 1
 */
import * as tf from '@tensorflow/tfjs-core';
import '../backend/gradients.js';

/**
 * How per-token terms become one number:
 * - `sequence-mean`: mean over each sequence's tokens, then over sequences (GRPO as published);
 * - `token-mean`: mean over all tokens of the batch (DAPO);
 * - `constant`: sum over all tokens / (sequences x max completion length) (Dr. GRPO).
 */
export type LossAggregation = 'sequence-mean' | 'token-mean' | 'constant';

export function isLossAggregation(value: string): value is LossAggregation {
  return value === 'sequence-mean' || value === 'token-mean' || value === 'constant';
}

/**
 * Batch-wide normalisers, for when the tensors are a micro-batch of a larger batch: the number of
 * sequences and of completion tokens in the whole batch, and the completion length limit. Default: the
 * tensors' own.
 */
export interface AggregationScale {
  sequences?: number;
  tokens?: number;
  maxLength?: number;
}

export function aggregate(
  perToken: tf.Tensor2D,
  mask: tf.Tensor2D,
  mode: LossAggregation,
  scale: AggregationScale = {},
): tf.Scalar {
  return tf.tidy(() => {
    const [batch, length] = perToken.shape;
    const sequences = scale.sequences ?? batch;
    const masked = tf.mul(perToken, mask);
    if (mode === 'sequence-mean') {
      const perSequence = tf.div(tf.sum(masked, 1), tf.maximum(tf.sum(mask, 1), 1));
      return tf.div(tf.sum(perSequence), sequences) as tf.Scalar;
    }
    if (mode === 'token-mean') {
      const tokens = scale.tokens === undefined ? tf.maximum(tf.sum(mask), 1) : tf.scalar(scale.tokens);
      return tf.div(tf.sum(masked), tokens) as tf.Scalar;
    }
    return tf.div(tf.sum(masked), sequences * (scale.maxLength ?? length)) as tf.Scalar;
  });
}

/** Mean of a per-token quantity over the masked tokens (for logging; independent of the loss mode). */
export function maskedMean(perToken: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.div(tf.sum(tf.mul(perToken, mask)), tf.maximum(tf.sum(mask), 1)) as tf.Scalar);
}

/**
 * The k3 estimator of KL(pi || pi_ref) per token (Schulman 2020): exp(d) - d - 1 with d = ref - logp.
 * Unbiased, always >= 0, and what GRPO adds to its loss.
 */
export function klK3(logProbs: tf.Tensor2D, refLogProbs: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const d = tf.sub(refLogProbs, logProbs);
    return tf.sub(tf.sub(tf.exp(d), d), 1) as tf.Tensor2D;
  });
}

export interface GrpoLossInput {
  logProbs: tf.Tensor2D;
  /** Log-probs of the policy that sampled the batch (frozen over the --num-iterations updates). */
  oldLogProbs: tf.Tensor2D;
  /** Log-probs of the reference policy; needed when klBeta > 0. */
  refLogProbs?: tf.Tensor2D;
  /** [B] */
  advantages: tf.Tensor1D;
  mask: tf.Tensor2D;
  clipEps: number;
  /** Upper clip (DAPO's clip-higher); defaults to clipEps. */
  clipEpsHigh?: number;
  klBeta: number;
  aggregation: LossAggregation;
  scale?: AggregationScale;
}

export interface LossOutput {
  loss: tf.Scalar;
  /** Share of completion tokens whose ratio was clipped (the clip was active for the gradient). */
  clipFraction: tf.Scalar;
  /** Mean k3 KL to the reference over completion tokens; 0 without a reference. */
  kl: tf.Scalar;
}

export function grpoLoss(input: GrpoLossInput): LossOutput {
  return tf.tidy(() => {
    const { logProbs, oldLogProbs, mask, clipEps, klBeta } = input;
    const high = input.clipEpsHigh ?? clipEps;
    const advantages = tf.expandDims(input.advantages, 1); // [B, 1]: one advantage for all its tokens
    const ratio = tf.exp(tf.sub(logProbs, oldLogProbs));
    const unclipped = tf.mul(ratio, advantages);
    const clipped = tf.mul(tf.clipByValue(ratio, 1 - clipEps, 1 + high), advantages);
    let perToken = tf.neg(tf.minimum(unclipped, clipped)) as tf.Tensor2D;
    const isClipped = tf.logicalOr(
      tf.logicalAnd(tf.less(ratio, 1 - clipEps), tf.less(advantages, 0)),
      tf.logicalAnd(tf.greater(ratio, 1 + high), tf.greater(advantages, 0)),
    );
    const clipFraction = maskedMean(tf.cast(isClipped, 'float32') as tf.Tensor2D, mask);
    let kl: tf.Scalar = tf.scalar(0);
    if (input.refLogProbs) {
      const perTokenKl = klK3(logProbs, input.refLogProbs);
      kl = maskedMean(perTokenKl, mask);
      if (klBeta > 0) perToken = tf.add(perToken, tf.mul(perTokenKl, klBeta)) as tf.Tensor2D;
    } else if (klBeta > 0) {
      throw new Error('grpoLoss: klBeta > 0 needs refLogProbs');
    }
    return { loss: aggregate(perToken, mask, input.aggregation, input.scale), clipFraction, kl };
  });
}

export interface IsftLossInput {
  logProbs: tf.Tensor2D;
  /** [B] per-sequence weights: +1 imitate, negative push away, 0 ignore. */
  weights: tf.Tensor1D;
  mask: tf.Tensor2D;
  aggregation: LossAggregation;
  scale?: AggregationScale;
  /** For the KL statistic only (isft has no KL term). */
  refLogProbs?: tf.Tensor2D;
}

/** Weighted negative log-likelihood of the sampled completions. */
export function isftLoss(input: IsftLossInput): LossOutput {
  return tf.tidy(() => {
    const perToken = tf.neg(tf.mul(input.logProbs, tf.expandDims(input.weights, 1))) as tf.Tensor2D;
    const kl = input.refLogProbs
      ? maskedMean(klK3(input.logProbs, input.refLogProbs), input.mask)
      : tf.scalar(0);
    return {
      loss: aggregate(perToken, input.mask, input.aggregation, input.scale),
      clipFraction: tf.scalar(0),
      kl,
    };
  });
}
