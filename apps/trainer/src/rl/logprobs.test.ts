import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGpt, type Gpt, namedWeights } from '../model/gpt.js';
import { TINY_ROTARY_CONFIG, useCpuBackend } from '../model/test-helpers.js';
import { buildOnnxModel, buildSidecar } from '../onnx/export.js';
import { OnnxGpt } from '../onnx/session.js';
import { generateBatch } from '../sample/generate.js';
import { ByteTokenizer } from '../tokenizer/bytes.js';
import { toBatch } from '../train/data.js';
import { tokenLogProbs } from './logprobs.js';

const tokenizer = new ByteTokenizer();
const TEMPERATURE = 0.7;
let model: Gpt;
let sampled: { ids: number[]; completionStart: number; samplerLogProbs: number[] }[];

beforeAll(async () => {
  await useCpuBackend();
  model = createGpt(TINY_ROTARY_CONFIG, 3);
  // Scaled weights make the logits peaked, so that a wrong temperature is far off, not within noise.
  for (const [, w] of namedWeights(model)) if (w.shape.length === 2) w.assign(tf.mul(w, 3));
  const session = await OnnxGpt.fromBytes(buildOnnxModel(model), buildSidecar(model, tokenizer.toJSON(), {}));
  const prompts = [
    [tokenizer.bos, 65, 66],
    [tokenizer.bos, 67],
    [tokenizer.bos, 68, 69, 70],
  ];
  const rows = await generateBatch(
    session,
    prompts.map((prompt, i) => ({ prompt, seed: 10 + i })),
    { temperature: TEMPERATURE, topP: 1, maxTokens: 12, eos: tokenizer.eos, pad: tokenizer.pad },
  );
  await session.release();
  sampled = rows.map((row, i) => {
    const prompt = prompts[i] as number[];
    return {
      ids: [...prompt, ...row.tokens, ...(row.truncated ? [] : [tokenizer.eos])],
      completionStart: prompt.length,
      samplerLogProbs: row.logProbs,
    };
  });
});

/** The trainer's log-probs of each row's sampled tokens, at `temperature`. */
function trainerLogProbs(temperature: number): number[][] {
  const batch = toBatch(sampled, tokenizer.pad);
  const shape: [number, number] = [batch.batch, batch.length];
  const inputs = tf.tensor2d(batch.inputs, shape, 'int32');
  const targets = tf.tensor2d(batch.targets, shape, 'int32');
  const values = tokenLogProbs(model, inputs, targets, temperature).arraySync();
  tf.dispose([inputs, targets]);
  // Position t predicts ids[t + 1]: the completion's tokens sit at completionStart - 1 onwards.
  return sampled.map((row, b) => (values[b] as number[]).slice(row.completionStart - 1, row.ids.length - 1));
}

describe('tokenLogProbs at the sampling temperature', () => {
  it("equals the sampler's log-probability of every sampled token", () => {
    const trainer = trainerLogProbs(TEMPERATURE);
    for (const [b, row] of sampled.entries()) {
      expect(row.samplerLogProbs.length).toBeGreaterThan(0);
      expect(trainer[b]).toHaveLength(row.samplerLogProbs.length);
      for (const [t, lp] of row.samplerLogProbs.entries()) expect(trainer[b]?.[t]).toBeCloseTo(lp, 4);
    }
  });

  it('gives a freshly sampled batch a ratio of exactly 1, and the raw logits would not', () => {
    const policy = trainerLogProbs(TEMPERATURE);
    const old = trainerLogProbs(TEMPERATURE);
    for (const [b, row] of policy.entries())
      for (const [t, lp] of row.entries()) expect(Math.exp(lp - (old[b]?.[t] as number))).toBe(1);
    // The log-softmax of the raw logits (temperature 1) describes another distribution.
    const raw = trainerLogProbs(1).flat();
    const gap = Math.max(
      ...sampled.flatMap((r) => r.samplerLogProbs).map((lp, i) => Math.abs(lp - (raw[i] as number))),
    );
    expect(gap).toBeGreaterThan(0.05);
  });

  it('refuses a temperature that is not positive', () => {
    const x = tf.tensor2d([[1]], [1, 1], 'int32');
    expect(() => tokenLogProbs(model, x, x, 0)).toThrow('temperature must be > 0');
    x.dispose();
  });
});
