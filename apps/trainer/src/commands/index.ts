// Every training subcommand registers itself here, one line each; @crossover/cli's `crossover` command loads
// this when one of them runs.
import { createRequire } from 'node:module';
import { installCommand, isInstalled, MissingPackageError } from '@crossover/cli';
import type { Command } from 'commander';
import { registerDoctor } from './doctor.js';
import { registerExperiment } from './experiment.js';
import { registerExport } from './export.js';
import { registerSample } from './sample.js';
import { registerTrain } from './train.js';

/** Registers the training commands; each checks that `dependencies` are installed before its action runs. */
export function registerTrainingCommands(program: Command, dependencies = trainerDependencies()): void {
  const first = program.commands.length;
  registerTrain(program);
  registerExport(program);
  registerSample(program);
  registerExperiment(program);
  registerDoctor(program);
  // The ML runtimes are imported inside the actions; check them first, so a missing one is an install hint.
  for (const command of program.commands.slice(first))
    command.hook('preAction', () => assertRuntimesInstalled(command.name(), dependencies));
}

/** The trainer's own dependencies (TensorFlow.js, onnxruntime, tokenizers...), with their version ranges. */
function trainerDependencies(): Record<string, string> {
  const manifest = createRequire(import.meta.url)('../../package.json') as {
    dependencies: Record<string, string>;
  };
  return manifest.dependencies;
}

/** Throws a MissingPackageError naming each dependency that is not installed, and how to install them. */
export function assertRuntimesInstalled(command: string, dependencies: Record<string, string>): void {
  const missing = Object.fromEntries(
    Object.entries(dependencies).filter(([name]) => !isInstalled(name, import.meta.url)),
  );
  const names = Object.keys(missing);
  if (names.length === 0) return;
  throw new MissingPackageError(
    `crossover ${command} needs ${names.join(', ')}, which ${names.length === 1 ? 'is' : 'are'} not ` +
      `installed; install ${names.length === 1 ? 'it' : 'them'} with: ${installCommand(missing)}`,
  );
}
