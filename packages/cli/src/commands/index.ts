// Every `crossover` subcommand registers itself here, one line each.
import type { Command } from 'commander';
import { registerDoctor } from './doctor.js';
import { registerExperiment } from './experiment.js';
import { registerExport } from './export.js';
import { registerSample } from './sample.js';
import { registerScore } from './score.js';
import { registerSubmit } from './submit.js';
import { registerTrain } from './train.js';
import { registerVerify } from './verify.js';

export function registerCommands(program: Command): void {
  registerVerify(program);
  registerTrain(program);
  registerExport(program);
  registerSample(program);
  registerSubmit(program);
  registerScore(program);
  registerExperiment(program);
  registerDoctor(program);
}
