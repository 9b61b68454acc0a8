import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sftSettingsFrom } from '../config/sft-settings.js';
import { createGpt, namedWeights } from '../model/gpt.js';
import { TINY_TEST_CONFIG, useCpuBackend } from '../model/test-helpers.js';
import { ByteTokenizer } from '../tokenizer/bytes.js';
import { loadCheckpoint, resolveCheckpointDir } from './checkpoint.js';
import { encodeExample, SftBatches } from './data.js';
import { runSft, type SftOptions } from './loop.js';

const tokenizer = new ByteTokenizer();
const examples = [
  { prompt: '2+3=', completion: '5' },
  { prompt: '4+4=', completion: '8' },
  { prompt: '1+6=', completion: '7' },
  { prompt: '9-2=', completion: '7' },
  { prompt: '3*3=', completion: '9' },
].map((e) => encodeExample(tokenizer, e, 32) as NonNullable<ReturnType<typeof encodeExample>>);
const config = {
  model: TINY_TEST_CONFIG,
  tokenizer: tokenizer.toJSON(),
  train: sftSettingsFrom({}, tokenizer.vocabSize),
};
let root: string;

beforeAll(async () => {
  await useCpuBackend();
  root = await mkdtemp(join(tmpdir(), 'crossover-sft-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

function options(runDir: string, overrides: Partial<SftOptions> = {}): SftOptions {
  return {
    steps: 6,
    batchSize: 2,
    lr: 1e-2,
    minLr: 1e-3,
    warmup: 1,
    weightDecay: 0.1,
    gradClip: 1,
    logEvery: 1,
    evalEvery: 0,
    checkpointEvery: 100,
    runDir,
    ...overrides,
  };
}

describe('runSft', () => {
  it('drives the loss down on a small fixed set', async () => {
    const model = createGpt(TINY_TEST_CONFIG, 1);
    const batches = new SftBatches(examples, tokenizer.pad, 1);
    const { losses } = await runSft({
      model,
      config,
      batches,
      options: options(join(root, 'overfit'), { steps: 40 }),
    });
    const first = losses.slice(0, 5).reduce((a, b) => a + b) / 5;
    const last = losses.slice(-5).reduce((a, b) => a + b) / 5;
    expect(first).toBeGreaterThan(4); // about ln(259) at the start
    expect(last).toBeLessThan(first / 2);
  });

  it('resumes from a checkpoint with exactly the losses of an uninterrupted run', async () => {
    const straight = await runSft({
      model: createGpt(TINY_TEST_CONFIG, 3),
      config,
      batches: new SftBatches(examples, tokenizer.pad, 9),
      options: options(join(root, 'straight')),
    });

    const interruptedDir = join(root, 'interrupted');
    const firstHalf = await runSft({
      model: createGpt(TINY_TEST_CONFIG, 3),
      config,
      batches: new SftBatches(examples, tokenizer.pad, 9),
      options: options(interruptedDir, { stopAfter: 3 }),
    });
    const loaded = await loadCheckpoint(await resolveCheckpointDir(interruptedDir));
    expect(loaded.state.step).toBe(3);
    const secondHalf = await runSft({
      model: loaded.model,
      config: loaded.config,
      batches: new SftBatches(examples, tokenizer.pad, 9, loaded.state.cursor),
      options: options(interruptedDir),
      state: loaded.state,
      optimizerState: loaded.optimizerState,
    });
    expect(straight.losses).toHaveLength(6);
    expect([...firstHalf.losses, ...secondHalf.losses]).toEqual(straight.losses);
    expect(await readdir(join(interruptedDir, 'checkpoints'))).toEqual(['step-0000003', 'step-0000006']);
    const metrics = (await readFile(join(interruptedDir, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    expect(metrics.map((line) => JSON.parse(line).step)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('round-trips weights through a checkpoint bit for bit', async () => {
    const dir = join(root, 'roundtrip');
    const model = createGpt(TINY_TEST_CONFIG, 4);
    await runSft({
      model,
      config,
      batches: new SftBatches(examples, tokenizer.pad, 1),
      options: options(dir, { steps: 1 }),
    });
    const loaded = await loadCheckpoint(await resolveCheckpointDir(dir));
    const values = (m: typeof model) => namedWeights(m).map(([name, v]) => [name, Array.from(v.dataSync())]);
    expect(values(loaded.model)).toEqual(values(model));
    expect(loaded.config.model).toEqual(TINY_TEST_CONFIG);
  });
});
