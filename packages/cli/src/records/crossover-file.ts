import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScorableProblem } from '@crossover/tasks';
import { loadTaskset } from '@crossover/tasks/node';
import { openInput, readLineBatches } from '../io/lines.js';
import { UsageError } from '../run-cli.js';
import { detectJsonlFormat, isParquetFile, parseRecordFormat } from './formats.js';
import { positionLabel, readRecords } from './read-records.js';
import { loadTokenCounter } from './tokenizer.js';

export interface CrossoverRecordsOptions {
  task: string;
  /** The run's taskset, where prompts are looked up (default `<task>/test`, as the eval-api's). */
  taskset?: string;
  format?: string;
  tokenizer?: string;
}

/** A file of Crossover records to upload, and how to remove it once sent (a no-op for the input itself). */
export interface CrossoverRecordsFile {
  path: string;
  remove(): void;
}

/**
 * What `crossover submit` uploads: the file itself when it already holds Crossover records and no
 * --tokenizer is given; otherwise its records converted to Crossover NDJSON in a temporary file (streamed,
 * one batch at a time), so that the Worker only ever reads its own format. The first bad line or row stops
 * the conversion with a UsageError naming it, and the partial file is removed.
 */
export async function crossoverRecordsFile(
  file: string,
  options: CrossoverRecordsOptions,
): Promise<CrossoverRecordsFile> {
  const format = parseRecordFormat(options.format);
  const countTokens = options.tokenizer ? await loadTokenCounter(options.tokenizer) : undefined;
  if (!countTokens && (format === 'crossover' || (format === 'auto' && (await isCrossoverJsonl(file)))))
    return { path: file, remove: () => undefined };
  const problems = await tasksetProblems(options.taskset ?? `${options.task}/test`);
  const dir = mkdtempSync(join(tmpdir(), 'crossover-submit-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const path = join(dir, 'generations.jsonl');
  const out = createWriteStream(path);
  try {
    let records = 0;
    const source = {
      problems: () => problems,
      lmEvalPrefix: () => idPrefix(problems, options.task),
      ...(countTokens ? { countTokens } : {}),
    };
    for await (const items of readRecords(file, format, source)) {
      const lines: string[] = [];
      for (const item of items) {
        if ('error' in item) throw new UsageError(`${file}: ${positionLabel(item.at)}: ${item.error}`);
        for (const record of item.records) lines.push(JSON.stringify(record));
      }
      records += lines.length;
      if (lines.length > 0 && !out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
    }
    if (records === 0) throw new UsageError(`${file}: no generation records`);
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    return { path, remove };
  } catch (error) {
    out.destroy();
    remove();
    throw error;
  }
}

/** Whether the file is JSONL whose first record is a Crossover record (not parquet, lm-eval or prompt-keyed). */
async function isCrossoverJsonl(file: string): Promise<boolean> {
  if (isParquetFile(file)) return false;
  const input = openInput(file);
  try {
    for await (const lines of readLineBatches(input)) {
      const first = lines.find((line) => line.text.trim() !== '');
      if (first === undefined) continue;
      try {
        return detectJsonlFormat(JSON.parse(first.text)) === 'crossover';
      } catch {
        return true; // not JSON: sent as it is, and the eval-api names the line, as before
      }
    }
    return true;
  } finally {
    input.destroy();
  }
}

async function tasksetProblems(name: string): Promise<ReadonlyMap<string, ScorableProblem>> {
  try {
    const { problems } = await loadTaskset(name);
    return new Map(problems.map((problem) => [problem.id, problem]));
  } catch (error) {
    throw new UsageError(`cannot load taskset ${name}: ${(error as Error).message}`);
  }
}

/** lm-eval numbers documents 0..N-1 within the split, which is how the taskset's ids end. */
function idPrefix(problems: ReadonlyMap<string, ScorableProblem>, task: string): string {
  const first = problems.keys().next().value;
  return typeof first === 'string' ? first.slice(0, first.lastIndexOf('/')) : `${task}/test`;
}
