import { type Command, CommanderError } from 'commander';

/** Errors a user caused (bad option, unreadable file): printed as one line, exit code 2, no stack trace. */
export class UsageError extends Error {
  override name = 'UsageError';
}

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
    // The server said no: a clear line, no stack trace, exit 1 like any other failed run.
    const refused = (error as { name?: string } | null)?.name === 'ApiRequestError';
    const known =
      error instanceof UsageError || (error as { code?: string }).code === 'ENOENT' || isNamedError(error);
    process.stderr.write(`crossover: ${message}\n`);
    if (!known && !refused && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = known ? 2 : 1;
  }
}

function isNamedError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return (
    name === 'InputError' ||
    name === 'VerifierOptionError' ||
    name === 'MetricsError' ||
    name === 'ScoringError'
  );
}
