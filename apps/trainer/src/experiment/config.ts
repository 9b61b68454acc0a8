/**
 * An experiment as plain JSON data: the SFT warm start, the RL budget shared by every algorithm, the
 * algorithms (each with its own extra options), and the final sampling of every model. Option objects use
 * the `crossover train` flag names without dashes (`"batch-size": 16`), so a config reads like the command
 * lines it runs.
 */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
import { UsageError } from '@crossover/cli';
import { isShippedTasksetName } from '@crossover/tasks';
import type { TrainFlags } from '../config/parse.js';
import { isRlAlgo, type RlAlgo } from '../rl/update.js';
import type { FindingsConfig } from './findings.js';

export interface ExperimentAlgorithm {
  /** Label in the report and the run directory name. */
  name: string;
  algo: RlAlgo;
  options?: TrainFlags;
}

export interface ExperimentConfig {
  name: string;
  task: 'countdown' | 'gsm8k';
  /** Seed of the SFT base, of the final sampling, and (without `seeds`) of every RL arm. */
  seed: number;
  /**
   * RL seeds: every arm runs once per seed from the one SFT base (default `[seed]`). The first seed's
   * models are the report's models; the others give the spread (see seeds.ts).
   */
  seeds?: number[];
  /** `crossover train` backend for every run (auto, wasm, tensorflow-gpu...). */
  backend?: string;
  /**
   * A checkpoint to start every RL arm from instead of training one: a directory written by `crossover
   * train` (relative to the config file). Exactly one of `base` and `sft` is given.
   */
  base?: string;
  /** Flags of the SFT warm start (`--algo sft`), trained by the experiment. */
  sft?: TrainFlags;
  /** Flags every RL run shares: same prompts, budget and seeds. */
  rl: TrainFlags;
  algorithms: ExperimentAlgorithm[];
  /** The tests of the seeds' claims, fixed before the run (defaults: FINDINGS_DEFAULTS). */
  findings?: Partial<FindingsConfig>;
  /** The final comparison: n samples per held-out problem from the SFT base and every trained model. */
  final: {
    problems: number;
    n: number;
    temperature: number;
    topP?: number;
    maxTokens: number;
    taskset?: string;
    batchSize?: number;
    /** onnxruntime device for the final sampling. */
    device?: 'cpu' | 'cuda';
  };
}

export async function loadExperimentConfig(path: string): Promise<ExperimentConfig> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read experiment config ${path}: ${(error as Error).message}`);
  }
  return resolveTasksetPaths(validateExperimentConfig(parsed), dirname(path));
}

/**
 * Taskset files named in a config are relative to the config file; they are made absolute so that the
 * runs' checkpoints name them from any directory. Shipped names stay as they are.
 */
export function resolveTasksetPaths(config: ExperimentConfig, dir: string): ExperimentConfig {
  const resolve = (value: unknown) =>
    typeof value === 'string' && !isShippedTasksetName(value) && !isAbsolute(value)
      ? resolvePath(dir, value)
      : value;
  const withFile = (flags: TrainFlags): TrainFlags =>
    flags['eval-taskset'] === undefined
      ? flags
      : { ...flags, 'eval-taskset': resolve(flags['eval-taskset']) as string };
  return {
    ...config,
    ...(config.base === undefined
      ? {}
      : { base: isAbsolute(config.base) ? config.base : resolvePath(dir, config.base) }),
    ...(config.sft === undefined ? {} : { sft: withFile(config.sft) }),
    rl: withFile(config.rl),
    final: {
      ...config.final,
      ...(config.final.taskset === undefined ? {} : { taskset: resolve(config.final.taskset) as string }),
    },
  };
}

export function validateExperimentConfig(value: unknown): ExperimentConfig {
  const config = value as ExperimentConfig;
  const fail = (message: string): never => {
    throw new UsageError(`experiment config: ${message}`);
  };
  if (typeof config !== 'object' || config === null) fail('must be a JSON object');
  if (typeof config.name !== 'string' || !/^[\w.-]+$/.test(config.name)) fail('name must be a simple word');
  if (config.task !== 'countdown' && config.task !== 'gsm8k') fail('task must be countdown or gsm8k');
  if (!Number.isInteger(config.seed)) fail('seed must be an integer');
  if (config.seeds !== undefined) {
    const problem = seedListProblem(config.seeds);
    if (problem) fail(`seeds ${problem}`);
  }
  if ((config.base === undefined) === (config.sft === undefined))
    fail('give exactly one of base (a checkpoint to start from) and sft (flags to train one)');
  if (config.base !== undefined && (typeof config.base !== 'string' || config.base === ''))
    fail('base must be the path of a checkpoint directory');
  for (const key of config.sft === undefined ? (['rl'] as const) : (['sft', 'rl'] as const)) {
    if (typeof config[key] !== 'object' || config[key] === null)
      fail(`${key} must be an object of train flags`);
  }
  if (!Array.isArray(config.algorithms) || config.algorithms.length === 0)
    fail('algorithms must be a non-empty list');
  const names = new Set<string>(['sft']);
  for (const a of config.algorithms) {
    if (!isRlAlgo(a.algo)) fail(`unknown algorithm ${JSON.stringify(a.algo)}`);
    if (typeof a.name !== 'string' || !/^[\w.-]+$/.test(a.name) || names.has(a.name))
      fail(`algorithm names must be distinct simple words (and not "sft"), got ${JSON.stringify(a.name)}`);
    names.add(a.name);
  }
  const f = config.final;
  if (typeof f !== 'object' || f === null) fail('final must be an object');
  for (const key of ['problems', 'n', 'maxTokens'] as const)
    if (!Number.isInteger(f[key]) || f[key] < 1) fail(`final.${key} must be a positive integer`);
  if (typeof f.temperature !== 'number' || f.temperature < 0) fail('final.temperature must be >= 0');
  return config;
}

/** Why a list of RL seeds is unusable, or null when it is fine. */
export function seedListProblem(seeds: unknown): string | null {
  if (!Array.isArray(seeds) || seeds.length === 0) return 'must be a non-empty list of integers';
  if (!seeds.every((s) => Number.isInteger(s) && s >= 0)) return 'must be non-negative integers';
  if (new Set(seeds).size !== seeds.length) return 'must be distinct';
  return null;
}

/** The RL seeds of a config, the first being the report's. */
export function rlSeeds(config: ExperimentConfig): number[] {
  return config.seeds ?? [config.seed];
}
