import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadExperimentConfig,
  resolveTasksetPaths,
  rlSeeds,
  seedListProblem,
  validateExperimentConfig,
} from './config.js';

/** The smallest config the validator reads, algorithms aside. */
const MINIMAL = {
  name: 'x',
  task: 'countdown',
  seed: 1,
  sft: {},
  rl: {},
  final: { problems: 1, n: 1, temperature: 1, maxTokens: 8 },
};

const configs = join(import.meta.dirname, '..', '..', 'configs');

describe('experiment configs', () => {
  it('ships a CPU and a GPU config that validate, with taskset files resolved next to them', async () => {
    const cpu = await loadExperimentConfig(join(configs, 'countdown-cpu.json'));
    expect(cpu.algorithms.map((a) => a.name)).toEqual(['grpo', 'filtered-isft', 'isft', 'grpo-token-mean']);
    expect(cpu.final.taskset).toBe('countdown/easy');
    expect(cpu.rl['eval-taskset']).toBe('countdown/easy');
    const file = validateExperimentConfig({ ...cpu, final: { ...cpu.final, taskset: 'held-out.jsonl' } });
    expect(resolveTasksetPaths(file, configs).final.taskset).toBe(join(configs, 'held-out.jsonl'));
    const gpu = await loadExperimentConfig(join(configs, 'countdown-gpu.json'));
    expect(gpu.final.taskset).toBe('countdown/test'); // a shipped name stays a name
    expect(gpu.backend).toBe('tensorflow-gpu');
  });

  it('rejects unknown algorithms and duplicate names', () => {
    const base = MINIMAL;
    expect(() => validateExperimentConfig({ ...base, algorithms: [{ name: 'a', algo: 'ppo' }] })).toThrow(
      /unknown algorithm "ppo"/,
    );
    expect(() =>
      validateExperimentConfig({
        ...base,
        algorithms: [
          { name: 'a', algo: 'grpo' },
          { name: 'a', algo: 'isft' },
        ],
      }),
    ).toThrow(/distinct/);
  });

  it('starts from a named checkpoint or trains its own SFT base, never both or neither', () => {
    const base = { ...MINIMAL, algorithms: [{ name: 'a', algo: 'grpo' }] };
    const { sft: _sft, ...noSft } = base;
    const fromCheckpoint = validateExperimentConfig({ ...noSft, base: '../checkpoints/x' });
    expect(resolveTasksetPaths(fromCheckpoint, configs).base).toBe(join(configs, '..', 'checkpoints', 'x'));
    expect(() => validateExperimentConfig({ ...base, base: 'ckpt' })).toThrow(/exactly one of base/);
    expect(() => validateExperimentConfig(noSft)).toThrow(/exactly one of base/);
    expect(() => validateExperimentConfig({ ...noSft, base: '' })).toThrow(/base must be the path/);
  });

  it("takes a list of distinct RL seeds, the first being the report's", () => {
    const base = { ...MINIMAL, algorithms: [{ name: 'a', algo: 'grpo' }] };
    expect(rlSeeds(validateExperimentConfig(base))).toEqual([1]);
    expect(rlSeeds(validateExperimentConfig({ ...base, seeds: [4, 2] }))).toEqual([4, 2]);
    expect(() => validateExperimentConfig({ ...base, seeds: [2, 2] })).toThrow(/seeds must be distinct/);
    expect(() => validateExperimentConfig({ ...base, seeds: [] })).toThrow(/seeds must be a non-empty list/);
    expect(() => validateExperimentConfig({ ...base, seeds: [1.5] })).toThrow(
      /seeds must be non-negative integers/,
    );
    expect(seedListProblem([1, Number.NaN])).toMatch(/integers/);
  });
});
