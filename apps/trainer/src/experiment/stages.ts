/**
 * An experiment's training stages as typed `crossover train` options: the SFT warm start, then every RL
 * arm from it. Built from the config's flag objects before anything trains, so that a bad option stops the
 * experiment at once, naming it. Later flags win over earlier ones, as they did on the command lines the
 * runner once built: the shared task, seed and backend, then the algorithm, then the config's flags, then
 * the run directory.
 */
import { join } from 'node:path';
import { rlDefault, type TrainOptions } from '../config/options.js';
import { type TrainFlags, trainOptionsFromFlags } from '../config/parse.js';
import type { RlAlgo } from '../rl/update.js';
import { type ExperimentAlgorithm, type ExperimentConfig, rlSeeds } from './config.js';
import { seededName } from './seeds.js';

export interface RlStage {
  seed: number;
  algorithm: ExperimentAlgorithm;
  /** The arm's name at its seed: the run directory's and the report's. */
  name: string;
  runDir: string;
  /** The run's length: a run with a checkpoint this far is finished. */
  steps: number;
  /** A fresh run from the SFT checkpoint. */
  options: TrainOptions;
  /** The resumption of an interrupted run. */
  resume: TrainOptions;
}

export interface ExperimentStages {
  /** The SFT base every arm starts from: the config's `base`, or the experiment's own SFT run. */
  sftDir: string;
  /** The SFT run to train, or null when the config names a `base` checkpoint. */
  sft: TrainOptions | null;
  arms: RlStage[];
}

/** `runs`: the experiment's directory of runs. */
export function experimentStages(config: ExperimentConfig, runs: string): ExperimentStages {
  const backend = config.backend ?? 'auto';
  const common = (seed: number): TrainFlags => ({ task: config.task, seed, backend });
  const sftDir = config.base ?? join(runs, 'sft');
  const seeds = rlSeeds(config);
  const firstSeed = seeds[0] as number;
  const arms = seeds.flatMap((seed) =>
    config.algorithms.map((algorithm): RlStage => {
      const name = seededName(algorithm.name, seed, firstSeed);
      const runDir = join(runs, name);
      const options = rlStageOptions(common(seed), algorithm.algo, sftDir, {
        ...config.rl,
        ...algorithm.options,
        'run-dir': runDir,
      });
      const steps = options.steps ?? rlDefault('steps');
      return {
        seed,
        algorithm,
        name,
        runDir,
        steps,
        options,
        resume: trainOptionsFromFlags({ resume: runDir, backend }),
      };
    }),
  );
  const sft =
    config.sft === undefined
      ? null
      : trainOptionsFromFlags({ ...common(config.seed), algo: 'sft', ...config.sft, 'run-dir': sftDir });
  return { sftDir, sft, arms };
}

function rlStageOptions(common: TrainFlags, algo: RlAlgo, sftDir: string, flags: TrainFlags): TrainOptions {
  return trainOptionsFromFlags({ ...common, algo, init: sftDir, ...flags });
}
