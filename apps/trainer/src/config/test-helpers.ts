/**
 * Tests' way to the typed options: `crossover train ARGS` parsed by the real command's options, its action
 * replaced so that nothing runs. Beside it the shipped SFT checkpoint, the RL tests' `--init`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerTrain } from '../commands/train.js';
import { givenValues } from './commander.js';
import type { TrainOptions } from './options.js';
import { trainOptionsFrom } from './parse.js';

export const SHIPPED_SFT_DIR = join(import.meta.dirname, '..', '..', 'checkpoints', 'countdown-easy-sft');

/** The shipped checkpoint's config.json as stored (version 1). */
export async function shippedConfigJson(): Promise<{ train: Record<string, unknown> }> {
  return JSON.parse(await readFile(join(SHIPPED_SFT_DIR, 'config.json'), 'utf8'));
}

export function trainCommand(): Command {
  const program = new Command('crossover').exitOverride();
  registerTrain(program);
  return program.commands[0] as Command;
}

export async function parseTrainArgs(args: string[]): Promise<TrainOptions> {
  const program = new Command('crossover').exitOverride();
  registerTrain(program);
  let options: TrainOptions | undefined;
  (program.commands[0] as Command).action((_values: unknown, command: Command) => {
    options = trainOptionsFrom(givenValues(command));
  });
  await program.parseAsync(['train', ...args], { from: 'user' });
  return options as TrainOptions;
}
