// The wasm backend must compute what the cpu backend computes: it once returned integer bit patterns
// for a float32 one-hot, which zeroed every loss without failing anything else.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createGpt, crossEntropy, disposeGpt, forward, namedWeights } from '../model/gpt.js';
import { TINY_TEST_CONFIG } from '../model/test-helpers.js';
import { selectBackend } from './select.js';

afterAll(() => selectBackend('cpu'));

async function lossAndGrads(backend: 'cpu' | 'wasm') {
  await selectBackend(backend);
  const model = createGpt(TINY_TEST_CONFIG, 21);
  const weights = namedWeights(model).map(([, v]) => v);
  const ids = tf.tensor2d([[256, 72, 105, 33, 10, 7]], [1, 6], 'int32');
  const targets = tf.tensor2d([[72, 105, 33, 10, 7, 257]], [1, 6], 'int32');
  const mask = tf.tensor2d([[0, 0, 1, 1, 1, 1]], [1, 6], 'float32');
  const { value, grads } = tf.variableGrads(
    () => crossEntropy(forward(model, ids).logits, targets, mask),
    weights,
  );
  const result = {
    loss: value.dataSync()[0] as number,
    grads: weights.map((w) => Array.from((grads[w.name] as tf.Tensor).dataSync())),
  };
  disposeGpt(model);
  return result;
}

describe('wasm backend', () => {
  it('gives the cpu backend loss and gradients', async () => {
    const cpu = await lossAndGrads('cpu');
    const wasm = await lossAndGrads('wasm');
    expect(cpu.loss).toBeGreaterThan(5); // about ln(259): an untrained model
    expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(1e-4);
    let maxDiff = 0;
    cpu.grads.forEach((g, i) => {
      g.forEach((x, j) => {
        maxDiff = Math.max(maxDiff, Math.abs(x - ((wasm.grads[i] as number[])[j] as number)));
      });
    });
    expect(maxDiff).toBeLessThan(1e-4);
  });
});
