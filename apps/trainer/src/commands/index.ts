// Every `crossover` subcommand registers itself here, one line each.
import type { Command } from 'commander';
// import { registerScore } from './score.js'; -- registered once @crossover/tasks exports the scoring API
import { registerVerify } from './verify.js';

export function registerCommands(program: Command): void {
  registerVerify(program);
  // registerScore(program);
}
