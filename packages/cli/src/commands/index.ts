// Every `crossover` subcommand registers itself here, one line each.
import type { Command } from 'commander';
import { registerTrainingCommands, type TrainerLoader } from '../training/lazy-commands.js';
import { registerScore } from './score.js';
import { registerSubmit } from './submit.js';
import { registerTaskset } from './taskset.js';
import { registerVerify } from './verify.js';

/** verify, score, submit and taskset: the commands that need no ML runtime. */
export function registerScoringCommands(program: Command): void {
  registerVerify(program);
  registerSubmit(program);
  registerScore(program);
  registerTaskset(program);
}

/** The whole `crossover` command: scoring here, training loaded from @crossover/trainer when used. */
export function registerCommands(program: Command, loadTrainer?: TrainerLoader): void {
  registerScoringCommands(program);
  registerTrainingCommands(program, loadTrainer);
}
