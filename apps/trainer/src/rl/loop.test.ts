import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TaskProblem } from '@crossover/tasks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sftSettingsFrom } from '../config/sft-settings.js';
import { createGpt, namedWeights } from '../model/gpt.js';
import { TINY_TEST_CONFIG, useCpuBackend } from '../model/test-helpers.js';
import { ByteTokenizer } from '../tokenizer/bytes.js';
import { loadCheckpoint, resolveCheckpointDir } from '../train/checkpoint.js';
import { type EncodedExample, encodeExample, SftBatches } from '../train/data.js';
import { runSft } from '../train/loop.js';
import { type RlOptions, runRl, trainingRows } from './loop.js';
import type { RlAlgo } from './update.js';

const tokenizer = new ByteTokenizer();
const config = {
  model: TINY_TEST_CONFIG,
  tokenizer: tokenizer.toJSON(),
  train: sftSettingsFrom({}, tokenizer.vocabSize),
};
// GSM8K-style problems whose answer is one digit. A few SFT steps (the warm start, as in real use) teach
// the tiny model to answer with a digit, often not the right one: groups have mixed rewards and every
// objective has a non-zero gradient.
const problems: TaskProblem[] = ['3', '5', '7', '1'].map((answer, i) => ({
  id: `test/${i}`,
  task: 'gsm8k',
  prompt: `${i}+${answer}?`,
  question: `${i}+${answer}?`,
  reference: { answer },
}));
let root: string;
let warmDir: string;

beforeAll(async () => {
  await useCpuBackend();
  root = await mkdtemp(join(tmpdir(), 'crossover-rl-'));
  warmDir = join(root, 'sft');
  const examples = problems.map(
    (p) =>
      encodeExample(
        tokenizer,
        { prompt: p.prompt, completion: String((p.reference as { answer: string }).answer) },
        32,
      ) as EncodedExample,
  );
  await runSft({
    model: createGpt(TINY_TEST_CONFIG, 1),
    config,
    batches: new SftBatches(examples, tokenizer.pad, 1),
    options: {
      steps: WARM_STEPS,
      batchSize: 4,
      lr: 1e-2,
      minLr: 1e-2,
      warmup: 0,
      weightDecay: 0,
      gradClip: 1,
      logEvery: 100,
      evalEvery: 0,
      checkpointEvery: 100,
      runDir: warmDir,
    },
  });
});

const WARM_STEPS = 20;
const warmModel = async () => (await loadCheckpoint(await resolveCheckpointDir(warmDir))).model;
afterAll(() => rm(root, { recursive: true, force: true }));

function options(algo: RlAlgo, runDir: string, overrides: Partial<RlOptions> = {}): RlOptions {
  return {
    algo,
    steps: 2,
    promptsPerStep: 2,
    groupSize: 8,
    lr: 1e-2,
    minLr: 1e-2,
    warmup: 0,
    weightDecay: 0,
    gradClip: 1,
    clipEps: 0.2,
    clipEpsHigh: 0.2,
    klBeta: 0,
    numIterations: 1,
    aggregation: 'sequence-mean',
    maxCompletionLength: 13,
    microBatch: 8,
    scaleRewards: 'group',
    weighting: 'binary',
    negWeight: 0.5,
    dropUniform: false,
    formatReward: 0,
    temperature: 1,
    topP: 1,
    maxTokens: 12,
    sampleBatchSize: 16,
    seed: 5,
    template: 'base',
    evalEvery: 0,
    checkpointEvery: 100,
    runDir,
    ...overrides,
  };
}

async function metricsLines(runDir: string): Promise<Record<string, unknown>[]> {
  return (await readFile(join(runDir, 'metrics.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('runRl', () => {
  for (const algo of ['grpo', 'filtered-isft', 'isft'] as const) {
    it(`${algo}: two rounds write the RL metrics of each step`, async () => {
      const runDir = join(root, algo);
      const extra: Partial<RlOptions> = algo === 'grpo' ? { klBeta: 0.1, numIterations: 2 } : {};
      const { losses } = await runRl({
        model: await warmModel(),
        ...(algo === 'grpo' ? { reference: await warmModel() } : {}),
        tokenizer,
        config,
        trainProblems: problems,
        options: options(algo, runDir, extra),
      });
      const lines = await metricsLines(runDir);
      expect(lines.map((l) => l.step)).toEqual([1, 2]);
      for (const line of lines) {
        expect(Object.keys(line).sort()).toEqual(
          [
            'algo',
            'clip_frac',
            'completion_tokens_mean',
            'correct_frac',
            'elapsed_s',
            'grad_norm',
            'kl',
            'loss',
            'lr',
            'reward_mean',
            'reward_std',
            'sample_s',
            'signal_groups',
            'step',
            'tokens',
            'tokens_per_s',
            'trained_sequences',
            'truncated_frac',
            'update_s',
            'updated',
            'zero_variance_frac',
          ].sort(),
        );
        expect(line.algo).toBe(algo);
      }
      const first = lines[0] as Record<string, number>;
      // The fixture's first round has correct and wrong samples in a group.
      expect(first.reward_mean).toBeGreaterThan(0);
      expect(first.reward_mean).toBeLessThan(1);
      expect(first.zero_variance_frac).toBeLessThan(1);
      if (algo === 'grpo') {
        // --num-iterations 2: two updates in a round with signal, none in a round without.
        expect(first.updated).toBe(true);
        expect(losses.map((l) => l.length)).toEqual(lines.map((l) => (l.updated ? 2 : 0)));
        // At the first update of a round the ratio is 1: nothing is clipped and the KL to an equal
        // reference is 0; the second update sees a moved policy.
        expect(first.kl).toBeGreaterThan(0);
        expect(first.trained_sequences).toBe(16);
      }
      if (algo === 'filtered-isft')
        expect(first.trained_sequences).toBe(Math.round((first.correct_frac as number) * 16));
      if (algo === 'isft') expect(first.loss).not.toBe(0);
    });
  }

  // Answers the tiny model never gives: every group is all wrong, no algorithm has a signal.
  const unsolvable = problems.map((p) => ({ ...p, reference: { answer: '987654321' } }) as TaskProblem);
  for (const algo of ['grpo', 'filtered-isft', 'isft'] as const) {
    it(`${algo}: a round of uniform rewards leaves the weights and the optimizer state bit-identical`, async () => {
      const runDir = join(root, `uniform-${algo}`);
      const model = await warmModel();
      const before = namedWeights(model).map(([, w]) => w.dataSync().slice());
      await runRl({
        model,
        ...(algo === 'grpo' ? { reference: await warmModel() } : {}),
        tokenizer,
        config,
        trainProblems: unsolvable,
        // KL on for grpo: its gradient alone must not move the weights either; isft keeps uniform groups.
        options: options(algo, runDir, {
          steps: 1,
          klBeta: algo === 'grpo' ? 0.1 : 0,
          dropUniform: algo !== 'isft',
        }),
      });
      const [line] = await metricsLines(runDir);
      expect(line?.signal_groups).toBe(algo === 'isft' ? 2 : 0);
      if (algo === 'isft') return; // all-wrong groups kept: -lambda on every sample is a signal
      expect(line?.updated).toBe(false);
      expect(line?.trained_sequences).toBe(0);
      for (const [i, [, w]] of namedWeights(model).entries()) expect(w.dataSync()).toEqual(before[i]);
      const saved = await loadCheckpoint(await resolveCheckpointDir(runDir));
      expect(saved.state.optimizerStep).toBe(0);
      expect(saved.optimizerState?.every((v) => v === 0)).toBe(true);
      for (const [i, [, w]] of namedWeights(saved.model).entries()) expect(w.dataSync()).toEqual(before[i]);
    });
  }

  it('resumes mid-RL with exactly the losses of an uninterrupted run', async () => {
    const overrides: Partial<RlOptions> = { steps: 4, numIterations: 2 };
    const straight = await runRl({
      model: await warmModel(),
      tokenizer,
      config,
      trainProblems: problems,
      options: options('grpo', join(root, 'straight'), overrides),
    });
    const interruptedDir = join(root, 'interrupted');
    const firstHalf = await runRl({
      model: await warmModel(),
      tokenizer,
      config,
      trainProblems: problems,
      options: options('grpo', interruptedDir, { ...overrides, stopAfter: 2 }),
    });
    const loaded = await loadCheckpoint(await resolveCheckpointDir(interruptedDir));
    expect(loaded.state.step).toBe(2);
    // Two updates (--num-iterations 2) for each of the two rounds that had a signal to learn from.
    const updated = (await metricsLines(interruptedDir)).filter((l) => l.updated).length;
    expect(updated).toBeGreaterThan(0);
    expect(loaded.state.optimizerStep).toBe(2 * updated);
    const secondHalf = await runRl({
      model: loaded.model,
      tokenizer,
      config,
      trainProblems: problems,
      options: options('grpo', interruptedDir, overrides),
      state: loaded.state,
      optimizerState: loaded.optimizerState,
    });
    expect(straight.losses.flat().some((l) => l !== 0)).toBe(true);
    expect([...firstHalf.losses, ...secondHalf.losses]).toEqual(straight.losses);
    expect((await metricsLines(interruptedDir)).map((l) => l.step)).toEqual([1, 2, 3, 4]);
  });
});

describe('trainingRows', () => {
  const rollout = (correct: boolean, i: number) => ({
    problemId: `p${Math.floor(i / 2)}`,
    sequence: { ids: [256, i, 257], completionStart: 1 },
    completionTokens: 1,
    truncated: false,
    correct,
    reward: correct ? 1 : 0,
  });
  // Groups of 2: (right, wrong), (right, right), (wrong, wrong).
  const rollouts = [true, false, true, true, false, false].map(rollout);
  const base = { groupSize: 2, scaleRewards: 'none' as const, weighting: 'binary' as const, negWeight: 0.5 };
  const ids = (rows: { ids: number[] }[]) => rows.map((r) => r.ids[1]);

  it('grpo keeps every sample with its group advantage', () => {
    const { rows, coefficients } = trainingRows(rollouts, { ...base, algo: 'grpo', dropUniform: false });
    expect(ids(rows)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(coefficients).toEqual([0.5, -0.5, 0, 0, 0, 0]);
  });

  it('filtered-isft keeps only the correct samples, weight 1', () => {
    const { rows, coefficients } = trainingRows(rollouts, {
      ...base,
      algo: 'filtered-isft',
      dropUniform: false,
    });
    expect(ids(rows)).toEqual([0, 2, 3]);
    expect(coefficients).toEqual([1, 1, 1]);
  });

  it('isft weights +1 / -lambda and can drop the uniform groups', () => {
    const all = trainingRows(rollouts, { ...base, algo: 'isft', dropUniform: false });
    expect(all.coefficients).toEqual([1, -0.5, 1, 1, -0.5, -0.5]);
    expect(all.signalGroups).toBe(3);
    const mixed = trainingRows(rollouts, { ...base, algo: 'isft', dropUniform: true });
    expect(ids(mixed.rows)).toEqual([0, 1]);
    expect(mixed.coefficients).toEqual([1, -0.5]);
    expect(mixed.signalGroups).toBe(1);
  });

  it('counts only the groups that carry signal', () => {
    expect(trainingRows(rollouts, { ...base, algo: 'grpo', dropUniform: false }).signalGroups).toBe(1);
    const plus = trainingRows(rollouts, { ...base, algo: 'filtered-isft', dropUniform: false });
    expect(plus.signalGroups).toBe(2);
  });

  it('F-ISFT+ by default keeps the correct samples of mixed groups only', () => {
    const { rows, coefficients, signalGroups } = trainingRows(rollouts, {
      ...base,
      algo: 'filtered-isft',
      dropUniform: true,
    });
    expect(ids(rows)).toEqual([0]);
    expect(coefficients).toEqual([1]);
    expect(signalGroups).toBe(1);
  });

  it('F-ISFT± (lambda 1): an all-wrong group is dropped by default, -1 on each sample when kept', () => {
    const allWrong = [false, false].map(rollout);
    const pm = { ...base, negWeight: 1, algo: 'isft' as const };
    const dropped = trainingRows(allWrong, { ...pm, dropUniform: true });
    expect(dropped).toEqual({ rows: [], coefficients: [], signalGroups: 0 });
    const kept = trainingRows(allWrong, { ...pm, dropUniform: false });
    expect(kept.coefficients).toEqual([-1, -1]);
    expect(kept.signalGroups).toBe(1);
  });
});
