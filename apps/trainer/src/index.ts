// What @crossover/cli loads when a training command runs.
import type { TrainerModule } from '@crossover/cli';
import { registerTrainingCommands } from './commands/index.js';

export { assertRuntimesInstalled, registerTrainingCommands } from './commands/index.js';

/** This entry as @crossover/cli expects it: a change on either side fails the type check here. */
export const trainerModule: TrainerModule = { registerTrainingCommands };
