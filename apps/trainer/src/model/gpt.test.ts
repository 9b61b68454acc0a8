import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGpt, disposeGpt, forward, matMulPlain, namedWeights, parameterCount } from './gpt.js';
import { TINY_CONFIGS, TINY_ROTARY_CONFIG, TINY_TEST_CONFIG, useCpuBackend } from './test-helpers.js';

beforeAll(useCpuBackend);

const ids = (rows: number[][]) => tf.tensor2d(rows, [rows.length, rows[0]?.length ?? 0], 'int32');

describe('gpt', () => {
  it('has the GPT-2 parameter count for its shape and returns [batch, T, vocab] logits', () => {
    const model = createGpt(TINY_TEST_CONFIG, 1);
    const { vocabSize: V, blockSize: P, dModel: d, dMlp: m, nLayer: L } = TINY_TEST_CONFIG;
    const perBlock = 2 * d + (d * 3 * d + 3 * d) + (d * d + d) + 2 * d + (d * m + m) + (m * d + d);
    expect(parameterCount(model)).toBe(V * d + P * d + L * perBlock + 2 * d);
    // Rotary positions replace the learned table.
    expect(parameterCount(createGpt(TINY_ROTARY_CONFIG, 1))).toBe(V * d + L * perBlock + 2 * d);
    const { logits, present } = forward(model, ids([[1, 2, 3, 4, 5]]));
    expect(logits.shape).toEqual([1, 5, V]);
    expect(present).toHaveLength(L);
    expect(present[0]?.key.shape).toEqual([1, 2, 5, 16]);
    disposeGpt(model);
  });

  it('gives the same weights and logits for the same seed, different ones for another seed', () => {
    const [a, b, c] = [
      createGpt(TINY_TEST_CONFIG, 7),
      createGpt(TINY_TEST_CONFIG, 7),
      createGpt(TINY_TEST_CONFIG, 8),
    ];
    const weightsOf = (m: typeof a) => namedWeights(m).map(([, v]) => Array.from(v.dataSync()));
    expect(weightsOf(a)).toEqual(weightsOf(b));
    expect(weightsOf(a)[0]).not.toEqual(weightsOf(c)[0]);
    const input = ids([[5, 6, 7]]);
    expect(Array.from(forward(a, input).logits.dataSync())).toEqual(
      Array.from(forward(b, input).logits.dataSync()),
    );
    for (const m of [a, b, c]) disposeGpt(m);
  });
});

describe.each(TINY_CONFIGS)('gpt with %s positions', (_, config) => {
  it('is causal: changing a future token leaves earlier logits unchanged', () => {
    const model = createGpt(config, 2);
    const a = forward(model, ids([[10, 20, 30, 40, 50, 60]])).logits;
    const b = forward(model, ids([[10, 20, 30, 99, 50, 61]])).logits;
    const before = tf.slice(tf.sub(a, b), [0, 0, 0], [1, 3, -1]);
    const after = tf.slice(tf.sub(a, b), [0, 3, 0], [1, 1, -1]);
    expect(tf.max(tf.abs(before)).dataSync()[0]).toBe(0);
    expect(tf.max(tf.abs(after)).dataSync()[0]).toBeGreaterThan(1e-4);
    disposeGpt(model);
  });

  it('gives the same logits step by step with the KV cache as on the whole sequence', () => {
    const model = createGpt(config, 3);
    const full = forward(model, ids([[3, 1, 4, 1, 5, 9]])).logits;
    const first = forward(model, ids([[3, 1, 4, 1]]));
    const next = forward(model, ids([[5, 9]]), { past: first.present });
    const stitched = tf.concat([first.logits, next.logits], 1);
    expect(tf.max(tf.abs(tf.sub(full, stitched))).dataSync()[0]).toBeLessThan(1e-5);
    disposeGpt(model);
  });

  it('treats a left-padded row like the unpadded sequence', () => {
    const model = createGpt(config, 4);
    const plain = forward(model, ids([[7, 8, 9]])).logits;
    const mask = tf.tensor2d([[0, 0, 1, 1, 1]], [1, 5], 'int32');
    const padded = forward(model, ids([[258, 258, 7, 8, 9]]), { attentionMask: mask }).logits;
    const real = tf.slice(padded, [0, 2, 0], [1, 3, -1]);
    expect(tf.max(tf.abs(tf.sub(plain, real))).dataSync()[0]).toBeLessThan(1e-5);
    disposeGpt(model);
  });
});

describe('matMulPlain', () => {
  it('has the gradients of tf.matMul for rank 2 and batched rank 4 inputs', () => {
    for (const [aShape, bShape] of [
      [
        [3, 4],
        [4, 5],
      ],
      [
        [2, 3, 4, 5],
        [2, 3, 5, 6],
      ],
    ] as const) {
      const a = tf.randomNormal([...aShape], 0, 1, 'float32', 1);
      const b = tf.randomNormal([...bShape], 0, 1, 'float32', 2);
      const outShape = [...aShape.slice(0, -1), bShape[bShape.length - 1] as number];
      const w = tf.randomNormal(outShape, 0, 1, 'float32', 3);
      const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(matMulPlain(x, y), w)))([a, b]);
      const reference = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(tf.matMul(x, y), w)))([a, b]);
      ours.forEach((g, i) => {
        expect(tf.max(tf.abs(tf.sub(g, reference[i] as tf.Tensor))).dataSync()[0]).toBeLessThan(1e-5);
      });
    }
  });
});
