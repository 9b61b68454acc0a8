/**
 * What `crossover train` runs, from its typed options: an RL run when `--algo` names an RL algorithm (or
 * the checkpoint being resumed is an RL run's), else SFT. `crossover experiment` calls it for every stage.
 */
import type { TrainOptions } from '../config/options.js';

export async function runTraining(options: TrainOptions): Promise<void> {
  // Loaded on use: tfjs and onnxruntime would slow down every other command's start.
  const { rlAlgoToRun, runRlTrain } = await import('../rl/run-rl.js');
  if (await rlAlgoToRun(options)) return runRlTrain(options);
  const { runTrain } = await import('./run-train.js');
  return runTrain(options);
}
