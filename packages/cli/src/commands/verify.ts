import { resolveMode, type Task, type Verdict, verify } from '@crossover/verifiers';
import type { Command } from 'commander';
import { LineWriter, openInput, readLineBatches } from '../io/lines.js';
import { UsageError } from '../run-cli.js';

export interface VerifyCommandOptions {
  task: string;
  mode?: string;
  in: string;
  out?: string;
}

interface VerifyRecord {
  completion: string;
  reference: unknown;
  prompt?: string;
  problem_id?: string;
}

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      'verify JSONL records { completion, reference, prompt?, problem_id? }; one verdict line per record',
    )
    .requiredOption('--task <task>', 'gsm8k | countdown')
    .option('--mode <mode>', 'verifier mode (default: the task default: gsm8k auto, countdown exact)')
    .requiredOption('--in <file>', 'input JSONL file, or - for stdin')
    .option('--out <file>', 'output JSONL file (default: stdout)')
    .action(async (options: VerifyCommandOptions) => {
      const { errors } = await runVerify(options);
      if (errors > 0) {
        process.stderr.write(
          `crossover verify: ${errors} malformed line(s); see the error lines in the output\n`,
        );
        process.exitCode = 1;
      }
    });
}

/** Reads records, writes a verdict (or an error naming the line) per non-blank line, in input order. */
export async function runVerify(options: VerifyCommandOptions): Promise<{ records: number; errors: number }> {
  const { task, mode } = resolveOptions(options);
  const input = openInput(options.in);
  const writer = new LineWriter(options.out);
  let records = 0;
  let errors = 0;
  try {
    for await (const batch of readLineBatches(input)) {
      for (const line of batch) {
        if (line.text.trim() === '') continue;
        const parsed = parseVerifyRecord(line.text);
        if (typeof parsed === 'string') {
          errors++;
          await writer.write(JSON.stringify({ line: line.number, error: parsed }));
          continue;
        }
        records++;
        const result = verify(task, parsed.completion, parsed.reference, { mode, prompt: parsed.prompt });
        await writer.write(JSON.stringify(verdictLine(parsed.problem_id, result)));
      }
    }
  } finally {
    await writer.close();
  }
  return { records, errors };
}

function resolveOptions(options: VerifyCommandOptions): { task: Task; mode: string } {
  try {
    return resolveMode(options.task, options.mode) as { task: Task; mode: string };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Returns the record, or a message saying what is wrong with the line. */
export function parseVerifyRecord(text: string): VerifyRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `malformed JSON: ${(error as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'a record must be a JSON object';
  const record = value as Record<string, unknown>;
  if (typeof record.completion !== 'string') return 'field "completion" must be a string';
  if (typeof record.reference !== 'object' || record.reference === null)
    return 'field "reference" must be an object';
  if (record.prompt !== undefined && typeof record.prompt !== 'string')
    return 'field "prompt" must be a string';
  if (record.problem_id !== undefined && typeof record.problem_id !== 'string') {
    return 'field "problem_id" must be a string';
  }
  return record as unknown as VerifyRecord;
}

export function verdictLine(problemId: string | undefined, result: Verdict): Record<string, unknown> {
  const { correct, score, format_ok, extracted, reason } = result;
  return problemId === undefined
    ? { correct, score, format_ok, extracted, reason }
    : { problem_id: problemId, correct, score, format_ok, extracted, reason };
}
