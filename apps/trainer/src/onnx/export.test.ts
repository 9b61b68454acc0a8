import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGpt, forward, type Gpt, namedWeights } from '../model/gpt.js';
import { Rng } from '../model/rng.js';
import { TINY_CONFIGS, TINY_TEST_CONFIG, useCpuBackend } from '../model/test-helpers.js';
import { ByteTokenizer } from '../tokenizer/bytes.js';
import { buildOnnxModel, buildSidecar } from './export.js';
import { OnnxGpt } from './session.js';

beforeAll(useCpuBackend);

const randomIds = (rng: Rng, n: number) =>
  Array.from({ length: n }, () => rng.int(TINY_TEST_CONFIG.vocabSize));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

describe.each(TINY_CONFIGS)('ONNX export parity with tfjs, %s positions', (_, config) => {
  let model: Gpt;
  let onnxModel: OnnxGpt;

  beforeAll(async () => {
    model = createGpt(config, 11);
    onnxModel = await OnnxGpt.fromBytes(
      buildOnnxModel(model),
      buildSidecar(model, new ByteTokenizer().toJSON(), {}),
    );
  });

  it('matches the logits on a whole random batch without cache', async () => {
    const rng = new Rng(1);
    const [batch, seq] = [3, 9];
    const ids = randomIds(rng, batch * seq);
    const expected = forward(model, tf.tensor2d(ids, [batch, seq], 'int32')).logits.dataSync();
    const mask = new BigInt64Array(batch * seq).fill(1n);
    const { logits } = await onnxModel.step(
      BigInt64Array.from(ids, BigInt),
      mask,
      batch,
      onnxModel.emptyCache(batch),
    );
    expect(maxAbsDiff(logits, expected)).toBeLessThan(1e-4);
  });

  it('matches with scaled (trained-like) weights over a whole block, the last positions included', async () => {
    const scaled = createGpt(config, 12);
    // Larger weights than at initialisation, as after training: peaked logits, large activations.
    for (const [, w] of namedWeights(scaled)) w.assign(tf.mul(w, w.shape.length === 2 ? 4 : 1.5));
    const session = await OnnxGpt.fromBytes(
      buildOnnxModel(scaled),
      buildSidecar(scaled, new ByteTokenizer().toJSON(), {}),
    );
    const rng = new Rng(3);
    const seq = config.blockSize;
    const ids = randomIds(rng, 2 * seq);
    const expected = forward(scaled, tf.tensor2d(ids, [2, seq], 'int32')).logits.dataSync();
    const { logits } = await session.step(
      BigInt64Array.from(ids, BigInt),
      new BigInt64Array(2 * seq).fill(1n),
      2,
      session.emptyCache(2),
    );
    // Relative to the logits' scale: scaled weights make them large.
    const scale = Math.max(1, ...Array.from(expected, Math.abs));
    expect(maxAbsDiff(logits, expected) / scale).toBeLessThan(1e-4);
    await session.release();
  });

  it('calls itself what it is: no Hugging Face model type it is not', () => {
    const sidecar = buildSidecar(model, new ByteTokenizer().toJSON(), {});
    expect(sidecar.model_type).toBe('crossover-gpt');
    expect(sidecar.config.positions ?? 'learned').toBe(config.positions ?? 'learned');
  });

  it('matches with left padding, then token by token through the KV cache', async () => {
    const rng = new Rng(2);
    const batch = 2;
    // Row 0 is 8 real prompt tokens; row 1 is 3 pads then 5 real tokens.
    const prompt = [...randomIds(rng, 8), 258, 258, 258, ...randomIds(rng, 5)];
    const maskRows = [
      [1, 1, 1, 1, 1, 1, 1, 1],
      [0, 0, 0, 1, 1, 1, 1, 1],
    ];
    const continuation = randomIds(rng, batch * 3);
    // tfjs reference on the full padded sequence.
    const allIds: number[] = [];
    const allMask: number[] = [];
    for (let b = 0; b < batch; b++) {
      allIds.push(...prompt.slice(b * 8, b * 8 + 8), ...continuation.slice(b * 3, b * 3 + 3));
      allMask.push(...(maskRows[b] as number[]), 1, 1, 1);
    }
    const expected = forward(model, tf.tensor2d(allIds, [batch, 11], 'int32'), {
      attentionMask: tf.tensor2d(allMask, [batch, 11], 'int32'),
    }).logits;
    // ONNX: the padded prompt, then one token at a time.
    let mask = maskRows.flat();
    let { logits, cache } = await onnxModel.step(
      BigInt64Array.from(prompt, BigInt),
      BigInt64Array.from(mask, BigInt),
      batch,
      onnxModel.emptyCache(batch),
    );
    const promptExpected = tf.slice(expected, [0, 0, 0], [batch, 8, -1]).dataSync();
    expect(maxAbsDiff(logits, promptExpected)).toBeLessThan(1e-4);
    for (let t = 0; t < 3; t++) {
      const stepIds = [continuation[t] as number, continuation[3 + t] as number];
      mask = [...mask.slice(0, 8 + t), 1, ...mask.slice(8 + t, 2 * (8 + t)), 1];
      ({ logits, cache } = await onnxModel.step(
        BigInt64Array.from(stepIds, BigInt),
        BigInt64Array.from(mask, BigInt),
        batch,
        cache,
      ));
      const stepExpected = tf.slice(expected, [0, 8 + t, 0], [batch, 1, -1]).dataSync();
      expect(maxAbsDiff(logits, stepExpected)).toBeLessThan(1e-4);
    }
    expect(cache.length).toBe(11);
  });
});
