import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sftSettingsFrom } from '../config/sft-settings.js';
import { createGpt, disposeGpt, namedWeights } from '../model/gpt.js';
import { TINY_ROTARY_CONFIG, useCpuBackend } from '../model/test-helpers.js';
import { ByteTokenizer } from '../tokenizer/bytes.js';
import { encodeExample, SftBatches, toBatch } from './data.js';
import { GradientWorkers, resolveWorkerCount } from './gradient-workers.js';
import { runSft } from './loop.js';
import { combineShards, shardGradients, splitBatch, trainedTokens } from './shards.js';

const tokenizer = new ByteTokenizer();
const config = { ...TINY_ROTARY_CONFIG, blockSize: 64 };
// Rows of different lengths, so shards are cut to different widths and hold different token counts.
const rows = [
  { prompt: 'We need 7 from [3, 4].', completion: ' 3 + 4 = 7 </think>' },
  { prompt: 'Q', completion: ' a' },
  { prompt: 'We need 12 from [3, 4, 1].', completion: ' 3 * 4 * 1' },
  { prompt: '2+2=', completion: '4' },
  { prompt: 'longer prompt, short answer:', completion: 'x' },
].map((e) => encodeExample(tokenizer, e, 64) as NonNullable<ReturnType<typeof encodeExample>>);
const batch = toBatch(rows, tokenizer.pad);

beforeAll(useCpuBackend);

function values(tensors: tf.Tensor[]): Float32Array[] {
  return tensors.map((t) => t.dataSync() as Float32Array);
}

function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((x, i) => {
    x.forEach((v, j) => {
      worst = Math.max(worst, Math.abs(v - (b[i] as Float32Array)[j]!));
    });
  });
  return worst;
}

describe('splitBatch', () => {
  it('keeps every row and every trained token, each shard cut to its own longest row', () => {
    const shards = splitBatch(batch, 2);
    expect(shards.map((s) => s.batch)).toEqual([3, 2]);
    expect(shards.reduce((n, s) => n + trainedTokens(s), 0)).toBe(trainedTokens(batch));
    expect(shards.reduce((n, s) => n + s.tokens, 0)).toBe(batch.tokens);
    const second = shards[1]!;
    expect(second.length).toBeLessThan(batch.length);
    // row 3 of the batch is row 0 of the second shard, unchanged over the shard's width
    expect(Array.from(second.inputs.subarray(0, second.length))).toEqual(
      Array.from(batch.inputs.subarray(3 * batch.length, 3 * batch.length + second.length)),
    );
  });

  it('never makes empty shards', () => {
    expect(splitBatch(batch, 8).map((s) => s.batch)).toEqual([1, 1, 1, 1, 1]);
    expect(splitBatch(batch, 1)).toHaveLength(1);
  });
});

describe('combineShards', () => {
  it('gives the whole batch loss and gradient, whatever the split', () => {
    const model = createGpt(config, 3);
    const weights = namedWeights(model).map(([, v]) => v);
    const whole = shardGradients(model, weights, batch);
    const expected = values(whole.grads);
    for (const count of [2, 3, 5]) {
      const combined = combineShards(splitBatch(batch, count).map((s) => shardGradients(model, weights, s)));
      expect(combined.loss).toBeCloseTo(whole.loss, 5);
      expect(maxAbsDiff(values(combined.grads), expected)).toBeLessThan(1e-5);
      tf.dispose(combined.grads);
    }
    tf.dispose(whole.grads);
    disposeGpt(model);
  });
});

describe('GradientWorkers', () => {
  let workers: GradientWorkers;
  beforeAll(async () => {
    workers = await GradientWorkers.start(3, config, 'cpu');
  }, 60_000);
  afterAll(() => workers?.stop());

  it('computes in worker threads the gradient the main thread computes alone', async () => {
    const model = createGpt(config, 5);
    const weights = namedWeights(model).map(([, v]) => v);
    const whole = shardGradients(model, weights, batch);
    const parallel = await workers.gradients(model, weights, batch);
    expect(workers.count).toBe(3);
    expect(parallel.loss).toBeCloseTo(whole.loss, 5);
    expect(maxAbsDiff(values(parallel.grads), values(whole.grads))).toBeLessThan(1e-5);
    // the workers take the weights of every call, not the ones they were started with
    weights[0]!.assign(tf.mul(weights[0]!, 2));
    const moved = shardGradients(model, weights, batch);
    const again = await workers.gradients(model, weights, batch);
    expect(again.loss).toBeCloseTo(moved.loss, 5);
    expect(again.loss).not.toBeCloseTo(whole.loss, 3);
    tf.dispose([...whole.grads, ...parallel.grads, ...moved.grads, ...again.grads]);
    disposeGpt(model);
  });

  it('trains with the losses of a single thread', async () => {
    const root = await mkdtemp(join(tmpdir(), 'crossover-workers-'));
    const losses = async (withWorkers: boolean) => {
      const model = createGpt(config, 2);
      const result = await runSft({
        model,
        config: {
          model: config,
          tokenizer: tokenizer.toJSON(),
          train: sftSettingsFrom({}, tokenizer.vocabSize),
        },
        batches: new SftBatches(rows, tokenizer.pad, 4),
        options: {
          steps: 6,
          batchSize: 4,
          lr: 1e-2,
          minLr: 1e-3,
          warmup: 1,
          weightDecay: 0.1,
          gradClip: 1,
          logEvery: 10,
          evalEvery: 0,
          checkpointEvery: 100,
          runDir: join(root, withWorkers ? 'parallel' : 'single'),
        },
        ...(withWorkers ? { workers } : {}),
      });
      disposeGpt(model);
      return result.losses;
    };
    const single = await losses(false);
    const parallel = await losses(true);
    expect(parallel).toHaveLength(6);
    for (const [i, loss] of parallel.entries()) expect(loss).toBeCloseTo(single[i]!, 4);
    await rm(root, { recursive: true, force: true });
  });

  it('reports a worker that fails instead of hanging', async () => {
    const broken = await GradientWorkers.start(2, config, 'cpu');
    const model = createGpt(config, 5);
    const weights = namedWeights(model).map(([, v]) => v);
    // the worker's shard (the second half) is longer than the model's context: its forward pass throws
    const long = encodeExample(tokenizer, { prompt: 'x'.repeat(80), completion: 'y' }, 200);
    const bad = toBatch([rows[1]!, rows[3]!, long!, long!], tokenizer.pad);
    await expect(broken.gradients(model, weights, bad)).rejects.toThrow('exceeds blockSize');
    // and it still answers the next step
    const good = await broken.gradients(model, weights, batch);
    expect(Number.isFinite(good.loss)).toBe(true);
    tf.dispose(good.grads);
    await broken.stop();
    disposeGpt(model);
  });
});

describe('resolveWorkerCount', () => {
  it('uses every core (up to 4) on single-threaded backends and one thread on native ones', () => {
    expect(resolveWorkerCount('auto', 'tensorflow')).toBe(1);
    expect(resolveWorkerCount('auto', 'wasm')).toBeGreaterThanOrEqual(1);
    expect(resolveWorkerCount('auto', 'wasm')).toBeLessThanOrEqual(4);
    expect(resolveWorkerCount('3', 'tensorflow')).toBe(3);
  });

  it('rejects counts that are not positive integers', () => {
    for (const bad of ['0', '-1', '1.5', 'two', '']) {
      expect(() => resolveWorkerCount(bad, 'wasm')).toThrow('--workers must be auto or an integer');
    }
  });
});
