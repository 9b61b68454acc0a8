import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../model/test-helpers.js';
import { aggregate, grpoLoss, isftLoss, klK3, type LossAggregation } from './losses.js';

beforeAll(useCpuBackend);

// Two sequences of three positions; the last position of the first one is padding.
const logProbs = () =>
  tf.tensor2d([
    [-1, -2, -0.5],
    [-1, -1, -1],
  ]);
// Ratios: row 0 [1, e^0.5 = 1.6487, 1], row 1 [e^-0.5 = 0.6065, 1, 1].
const oldLogProbs = () =>
  tf.tensor2d([
    [-1, -2.5, -0.5],
    [-0.5, -1, -1],
  ]);
const mask = () =>
  tf.tensor2d([
    [1, 1, 0],
    [1, 1, 1],
  ]);
const advantages = () => tf.tensor1d([1, -1]);
const value = (t: tf.Tensor) => t.dataSync()[0] as number;

function grpo(
  aggregation: LossAggregation,
  extra: { clipEpsHigh?: number; klBeta?: number; ref?: tf.Tensor2D } = {},
) {
  return grpoLoss({
    logProbs: logProbs(),
    oldLogProbs: oldLogProbs(),
    advantages: advantages(),
    mask: mask(),
    clipEps: 0.2,
    ...(extra.clipEpsHigh !== undefined ? { clipEpsHigh: extra.clipEpsHigh } : {}),
    klBeta: extra.klBeta ?? 0,
    ...(extra.ref ? { refLogProbs: extra.ref } : {}),
    aggregation,
  });
}

describe('aggregate', () => {
  const perToken = () =>
    tf.tensor2d([
      [1, 2, 100],
      [3, 3, 6],
    ]);
  it('sequence-mean: mean per sequence, then over sequences', () => {
    expect(value(aggregate(perToken(), mask(), 'sequence-mean'))).toBeCloseTo((1.5 + 4) / 2, 6);
  });
  it('token-mean: over all tokens of the batch', () => {
    expect(value(aggregate(perToken(), mask(), 'token-mean'))).toBeCloseTo(15 / 5, 6);
  });
  it('constant: sum / (sequences x max length)', () => {
    expect(value(aggregate(perToken(), mask(), 'constant'))).toBeCloseTo(15 / 6, 6);
    expect(value(aggregate(perToken(), mask(), 'constant', { maxLength: 10 }))).toBeCloseTo(15 / 20, 6);
  });
  it('takes batch-wide normalisers for micro-batches', () => {
    expect(value(aggregate(perToken(), mask(), 'sequence-mean', { sequences: 4 }))).toBeCloseTo(5.5 / 4, 6);
    expect(value(aggregate(perToken(), mask(), 'token-mean', { tokens: 10 }))).toBeCloseTo(1.5, 6);
  });
});

describe('grpoLoss', () => {
  // Per token: row 0 (A = +1): -min(r, clip(r)) = [-1, -1.2, (pad)];
  //            row 1 (A = -1): -min(-r, -clip(r)) = [0.8, 1, 1].
  it('clips the ratio to [1 - eps, 1 + eps] on the side the advantage favours', () => {
    expect(value(grpo('sequence-mean').loss)).toBeCloseTo((-1.1 + 2.8 / 3) / 2, 5);
    expect(value(grpo('token-mean').loss)).toBeCloseTo(0.6 / 5, 5);
    expect(value(grpo('constant').loss)).toBeCloseTo(0.6 / 6, 5);
  });

  it('counts the clipped tokens: ratio above 1 + eps with A > 0, below 1 - eps with A < 0', () => {
    expect(value(grpo('token-mean').clipFraction)).toBeCloseTo(2 / 5, 6);
  });

  it('uses the higher upper bound of clip-higher', () => {
    const out = grpo('token-mean', { clipEpsHigh: 0.7 });
    expect(value(out.loss)).toBeCloseTo((-1 - Math.exp(0.5) + 2.8) / 5, 5);
    expect(value(out.clipFraction)).toBeCloseTo(1 / 5, 6);
  });

  it('adds beta times the k3 KL to the reference', () => {
    const ref = tf.tensor2d([
      [-2, -1, -0.5],
      [-1, -1, -1],
    ]);
    // k3 at d = ref - logp: d = -1 -> e^-1; d = 1 -> e - 2; d = 0 -> 0.
    const klRow0 = [Math.exp(-1), Math.E - 2];
    const out = grpo('token-mean', { klBeta: 0.5, ref });
    expect(value(out.loss)).toBeCloseTo((0.6 + 0.5 * (klRow0[0]! + klRow0[1]!)) / 5, 5);
    expect(value(out.kl)).toBeCloseTo((klRow0[0]! + klRow0[1]!) / 5, 5);
  });

  it('refuses a KL term without reference log-probs', () => {
    expect(() => grpo('token-mean', { klBeta: 0.1 })).toThrow(/refLogProbs/);
  });
});

describe('klK3', () => {
  it('is exp(d) - d - 1 with d = ref - logp, zero where they agree', () => {
    const kl = klK3(tf.tensor2d([[-1, -2, -1]]), tf.tensor2d([[-2, -1, -1]]));
    const [a, b, c] = Array.from(kl.dataSync());
    expect(a).toBeCloseTo(Math.exp(-1), 6);
    expect(b).toBeCloseTo(Math.E - 2, 6);
    expect(c).toBe(0);
  });
});

describe('isftLoss', () => {
  const weights = () => tf.tensor1d([1, -0.5]);
  // Per token -w logp: row 0 [1, 2, (pad)], row 1 [-0.5, -0.5, -0.5].
  it('is the weighted negative log-likelihood under each aggregation', () => {
    const run = (aggregation: LossAggregation) =>
      value(isftLoss({ logProbs: logProbs(), weights: weights(), mask: mask(), aggregation }).loss);
    expect(run('sequence-mean')).toBeCloseTo((1.5 - 0.5) / 2, 6);
    expect(run('token-mean')).toBeCloseTo(1.5 / 5, 6);
    expect(run('constant')).toBeCloseTo(1.5 / 6, 6);
  });

  it('F-ISFT± (lambda 1) on an all-wrong group: -1 on every sample, loss = the mean log-likelihood', () => {
    // Both rows wrong: per token +logp, row 0 [-1, -2, (pad)], row 1 [-1, -1, -1].
    const minusOne = () => tf.tensor1d([-1, -1]);
    const run = (aggregation: LossAggregation) =>
      value(isftLoss({ logProbs: logProbs(), weights: minusOne(), mask: mask(), aggregation }).loss);
    expect(run('sequence-mean')).toBeCloseTo((-1.5 + -1) / 2, 6);
    expect(run('token-mean')).toBeCloseTo(-6 / 5, 6);
    expect(run('constant')).toBeCloseTo(-6 / 6, 6);
    // Minimising it lowers every sampled token's log-prob: the unbounded push that dropping uniform
    // groups (the default) avoids.
    const grad = tf.grad(
      (lp: tf.Tensor) =>
        isftLoss({
          logProbs: lp as tf.Tensor2D,
          weights: minusOne(),
          mask: mask(),
          aggregation: 'token-mean',
        }).loss,
    )(logProbs());
    expect(Array.from(grad.dataSync())).toEqual([0.2, 0.2, 0, 0.2, 0.2, 0.2].map((g) => Math.fround(g)));
  });

  it('with advantage weights has the gradient of grpo at ratio 1 without KL', () => {
    for (const aggregation of ['sequence-mean', 'token-mean', 'constant'] as const) {
      const at = logProbs();
      const old = logProbs(); // ratio 1: the sampling policy is the current one
      const grpoGrad = tf.grad(
        (lp: tf.Tensor) =>
          grpoLoss({
            logProbs: lp as tf.Tensor2D,
            oldLogProbs: old,
            advantages: advantages(),
            mask: mask(),
            clipEps: 0.2,
            klBeta: 0,
            aggregation,
          }).loss,
      )(at);
      const isftGrad = tf.grad(
        (lp: tf.Tensor) =>
          isftLoss({ logProbs: lp as tf.Tensor2D, weights: advantages(), mask: mask(), aggregation }).loss,
      )(at);
      const expected = Array.from(isftGrad.dataSync());
      // Hand-computed for sequence-mean: -A / (len x B) on real tokens: row 0 -1/4, row 1 +1/6.
      if (aggregation === 'sequence-mean') {
        expect(expected.map((g) => Number(g.toFixed(6)))).toEqual([
          -0.25, -0.25, 0, 0.166667, 0.166667, 0.166667,
        ]);
      }
      const actual = Array.from(grpoGrad.dataSync());
      for (const [i, g] of actual.entries()) expect(g).toBeCloseTo(expected[i] as number, 6);
    }
  });
});
