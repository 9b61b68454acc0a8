import type * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGpt, type Gpt, namedWeights } from '../model/gpt.js';
import { Rng } from '../model/rng.js';
import { TINY_TEST_CONFIG, useCpuBackend } from '../model/test-helpers.js';
import { AdamW } from '../train/adamw.js';
import type { EncodedExample } from '../train/data.js';
import { GradientWorkers } from '../train/gradient-workers.js';
import { policyUpdate, splitByTokens, type UpdateOptions } from './update.js';

const PAD = 258;
const rng = new Rng(3);
// Rows of different lengths, so that the parts of a split differ in shape.
const rows: EncodedExample[] = Array.from({ length: 10 }, (_, i) => ({
  ids: [256, ...Array.from({ length: 4 + ((i * 5) % 13) }, () => rng.int(256)), 257],
  completionStart: 3,
}));
const coefficients = [1, -0.5, 2, 0.3, 0, -1.2, 0.7, 0, 1.5, -0.4];

const options: UpdateOptions = {
  algo: 'grpo',
  clipEps: 0.2,
  clipEpsHigh: 0.2,
  klBeta: 0,
  numIterations: 1,
  aggregation: 'sequence-mean',
  maxCompletionLength: 20,
  microBatch: 3,
  gradClip: 1,
  temperature: 0.7,
};

function fresh(): { model: Gpt; weights: tf.Variable[]; optimizer: AdamW } {
  const model = createGpt(TINY_TEST_CONFIG, 11);
  const weights = namedWeights(model).map(([, v]) => v);
  return { model, weights, optimizer: new AdamW(weights) };
}

const values = (weights: tf.Variable[]) => weights.map((w) => Array.from(w.dataSync()));

let workers: GradientWorkers;

beforeAll(async () => {
  await useCpuBackend();
  workers = await GradientWorkers.start(2, TINY_TEST_CONFIG, 'cpu');
});

afterAll(async () => {
  await workers.stop();
});

describe('policyUpdate', () => {
  it('with one iteration the ratio is exactly 1: the loss is minus the mean advantage, nothing clipped', async () => {
    const { model, weights, optimizer } = fresh();
    const result = await policyUpdate({
      model,
      weights,
      optimizer,
      rows,
      coefficients,
      pad: PAD,
      lrAt: () => 1e-3,
      options,
    });
    const meanAdvantage = coefficients.reduce((a, b) => a + b, 0) / coefficients.length;
    expect(result.losses).toHaveLength(1);
    expect(result.losses[0]).toBeCloseTo(-meanAdvantage, 6);
    expect(result.clipFraction).toBe(0);
    optimizer.dispose();
  });

  for (const [name, algoOptions] of [
    [
      'grpo, 2 iterations (frozen old log-probs)',
      { ...options, numIterations: 2, clipEps: 0.001, clipEpsHigh: 0.001 },
    ],
    ['grpo, token-mean', { ...options, aggregation: 'token-mean' }],
    ['isft, constant', { ...options, algo: 'isft', aggregation: 'constant' }],
  ] as const) {
    it(`${name}: gradient workers give the update of this thread alone`, async () => {
      const alone = fresh();
      const shared = fresh();
      const input = { rows, coefficients, pad: PAD, lrAt: () => 1e-2, options: algoOptions as UpdateOptions };
      const a = await policyUpdate({ ...alone, ...input });
      const b = await policyUpdate({ ...shared, ...input, workers });
      expect(b.losses.length).toBe(a.losses.length);
      b.losses.forEach((loss, i) => {
        expect(loss).toBeCloseTo(a.losses[i] as number, 6);
      });
      expect(b.clipFraction).toBeCloseTo(a.clipFraction, 6);
      expect(b.tokens).toBe(a.tokens);
      const before = values(fresh().weights);
      const [wa, wb] = [values(alone.weights), values(shared.weights)];
      let moved = 0;
      wa.forEach((w, i) => {
        w.forEach((v, j) => {
          expect(wb[i]?.[j]).toBeCloseTo(v, 5);
          if (Math.abs(v - (before[i]?.[j] as number)) > 1e-6) moved++;
        });
      });
      // The update did something: a comparison of two untouched models would pass trivially.
      expect(moved).toBeGreaterThan(1000);
      alone.optimizer.dispose();
      shared.optimizer.dispose();
    });
  }
});

describe('splitByTokens', () => {
  it('cuts contiguous parts of about equal tokens, never an empty one', () => {
    const active = rows.map((_, i) => i);
    const parts = splitByTokens(active, rows, 2);
    expect(parts.flat()).toEqual(active);
    const tokens = parts.map((part) => part.reduce((n, i) => n + (rows[i] as EncodedExample).ids.length, 0));
    const total = tokens.reduce((a, b) => a + b, 0);
    expect(tokens).toHaveLength(2);
    for (const t of tokens) expect(t).toBeGreaterThan(total / 3);
    expect(splitByTokens([4], rows, 3)).toEqual([[4]]);
    expect(splitByTokens([], rows, 2)).toEqual([]);
  });
});
