/**
 * `crossover train`: SFT on reference solutions, or GRPO / iterative SFT from an SFT checkpoint. Its
 * options come from the one option table (config/options.ts); the given ones become typed options here.
 */
import type { Command } from 'commander';
import { addTrainOptions, givenValues } from '../config/commander.js';
import { trainOptionsFrom } from '../config/parse.js';

export function registerTrain(program: Command): void {
  const train = program
    .command('train')
    .description(
      'train the policy: SFT on reference solutions, or GRPO / iterative SFT from an SFT checkpoint',
    );
  addTrainOptions(train).action(async (_options: unknown, command: Command) => {
    const options = trainOptionsFrom(givenValues(command));
    const { runTraining } = await import('../train/run-training.js');
    await runTraining(options);
  });
}
