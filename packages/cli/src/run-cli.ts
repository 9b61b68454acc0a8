import { type Command, CommanderError } from 'commander';

/** Errors a user caused (bad option, unreadable file): printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * The errors a run is expected to end with, by name, and their exit code; they print as one line with no
 * stack trace. By name rather than instanceof because the trainer can load its own copy of this package.
 */
const EXPECTED_ERRORS: Readonly<Record<string, number>> = {
  UsageError: 2,
  InputError: 2,
  VerifierOptionError: 2,
  MetricsError: 2,
  ScoringError: 2,
  // The server said no, or the command needs packages that are not installed: exit 1 like any failed run.
  ApiRequestError: 1,
  MissingPackageError: 1,
};

/** Runs the program and turns expected failures into a clear message and an exit code. */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    const expected = expectedExitCode(error);
    process.stderr.write(`crossover: ${message}\n`);
    if (expected === undefined && error instanceof Error && error.stack)
      process.stderr.write(`${error.stack}\n`);
    process.exitCode = expected ?? 1;
  }
}

function expectedExitCode(error: unknown): number | undefined {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  if (typeof name === 'string' && Object.hasOwn(EXPECTED_ERRORS, name)) return EXPECTED_ERRORS[name];
  return code === 'ENOENT' ? 2 : undefined;
}
