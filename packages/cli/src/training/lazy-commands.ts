// The training commands belong to @crossover/trainer, which brings TensorFlow.js and onnxruntime. This CLI
// lists them and loads the trainer only when one of them runs, so that verify, score and submit install and
// start without any ML runtime, and a missing trainer is a one-line install hint rather than a stack trace.
import { Command } from 'commander';
import { installCommand, isInstalled, MissingPackageError } from '../install/missing-package.js';
import { CLI_VERSION } from '../version.js';

export const TRAINER_PACKAGE = '@crossover/trainer';

/** What @crossover/trainer's main entry gives this CLI. */
export interface TrainerModule {
  registerTrainingCommands(program: Command): void;
}

/** Loads the trainer for `crossover <command>`, or throws a MissingPackageError saying how to install it. */
export type TrainerLoader = (command: string) => Promise<TrainerModule>;

/** One line each for `crossover --help`; the full help of each comes from the trainer (`crossover train --help`). */
const TRAINING_COMMANDS: Record<string, string> = {
  train: 'train the policy: SFT, GRPO, filtered-ISFT or ISFT (needs @crossover/trainer)',
  export: 'write a checkpoint as an ONNX model with its JSON sidecar (needs @crossover/trainer)',
  sample: 'draw samples per problem from an exported ONNX model (needs @crossover/trainer)',
  experiment: 'SFT, then RL arms on equal budgets, and their pass@k report (needs @crossover/trainer)',
  doctor: 'show the TensorFlow.js backend and onnxruntime provider in use (needs @crossover/trainer)',
};

export function registerTrainingCommands(program: Command, load: TrainerLoader = importTrainer): void {
  for (const [name, summary] of Object.entries(TRAINING_COMMANDS)) {
    program
      .command(name)
      .description(summary)
      // Every argument and option, --help included, is for the trainer's definition of the command.
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      // `crossover help <name>` prints this stub's help without running it: point to the full one.
      .addHelpText('after', `\nIts options come with ${TRAINER_PACKAGE}: crossover ${name} --help`)
      .action((_options: unknown, command: Command) => runTrainingCommand(name, command.args, load));
  }
}

/** Parses `crossover <name> ...args` again, this time with the trainer's definition of the command. */
async function runTrainingCommand(name: string, args: string[], load: TrainerLoader): Promise<void> {
  const trainer = await load(name);
  const program = new Command('crossover').exitOverride();
  trainer.registerTrainingCommands(program);
  await program.parseAsync([name, ...args], { from: 'user' });
}

/** The installed trainer; the CLI does not depend on it (the trainer depends on the CLI). */
export async function importTrainer(command: string, packageName = TRAINER_PACKAGE): Promise<TrainerModule> {
  if (!isInstalled(packageName, import.meta.url)) {
    throw new MissingPackageError(
      `crossover ${command} needs ${packageName} (the trainer, with TensorFlow.js and onnxruntime), which ` +
        `is not installed; install it next to this CLI: ${installCommand({ [packageName]: CLI_VERSION })}`,
    );
  }
  // A variable, not a literal: the trainer is built after this package, so there are no types to resolve.
  return (await import(packageName)) as TrainerModule;
}
