// The scoring CLI as a library: the trainer registers its commands with it and reuses its line I/O, errors
// and submit client; benchmarks call runScore directly.
export { registerCommands, registerScoringCommands } from './commands/index.js';
export { runScore, type ScoreCommandOptions, type ScoreResult } from './commands/score.js';
export { ApiRequestError, submit } from './commands/submit.js';
export { runVerify, type VerifyCommandOptions } from './commands/verify.js';
export { installCommand, isInstalled, MissingPackageError } from './install/missing-package.js';
export { LineWriter } from './io/lines.js';
export { formatReport } from './report/format-report.js';
export { runCli, UsageError } from './run-cli.js';
export type { TrainerModule } from './training/lazy-commands.js';
export { CLI_VERSION } from './version.js';
