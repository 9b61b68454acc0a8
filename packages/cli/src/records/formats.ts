import { closeSync, openSync, readSync } from 'node:fs';
import { detectFormat, INPUT_FORMATS } from '@crossover/tasks';
import { UsageError } from '../run-cli.js';

/**
 * Every format `crossover score` and `crossover submit` read. INPUT_FORMATS (crossover, lm-eval) are the JSONL
 * formats `/v1/score` also takes; the others are read here only, and submit converts them to Crossover
 * records before sending, so the Worker never sees a parquet file.
 */
export const RECORD_FORMATS = [...INPUT_FORMATS, 'prompt', 'verl', 'lighteval'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];
export type ResolvedFormat = Exclude<RecordFormat, 'auto'>;
export type JsonlFormat = 'crossover' | 'lm-eval' | 'prompt';
export type ParquetFormat = 'verl' | 'lighteval';

export const PARQUET_FORMATS: readonly ParquetFormat[] = ['verl', 'lighteval'];

export function isParquetFormat(format: RecordFormat): format is ParquetFormat {
  return (PARQUET_FORMATS as readonly string[]).includes(format);
}

/** `--format`: one of RECORD_FORMATS, else a UsageError listing them. */
export function parseRecordFormat(value: string | undefined): RecordFormat {
  const format = value ?? 'auto';
  if (!(RECORD_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(
      `unknown --format ${JSON.stringify(format)}; expected one of ${RECORD_FORMATS.join(', ')}`,
    );
  }
  return format as RecordFormat;
}

/** A JSONL file's format from its first record: lm-eval samples, then `{ prompt, completion }`, else ours. */
export function detectJsonlFormat(first: unknown): JsonlFormat {
  if (detectFormat(first) === 'lm-eval') return 'lm-eval';
  return isPromptKeyed(first) ? 'prompt' : 'crossover';
}

/** A record that names its problem only by the prompt text: no problem_id and no inline reference. */
function isPromptKeyed(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.prompt === 'string' &&
    typeof record.completion === 'string' &&
    record.problem_id === undefined &&
    record.reference === undefined
  );
}

const PARQUET_MAGIC = 'PAR1';

/** Whether a file starts with parquet's magic bytes (stdin, `-`, is never parquet: it cannot be seeked). */
export function isParquetFile(path: string): boolean {
  if (path === '-') return false;
  const head = Buffer.alloc(PARQUET_MAGIC.length);
  const fd = openSync(path, 'r');
  try {
    const read = readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.toString('latin1') === PARQUET_MAGIC;
  } finally {
    closeSync(fd);
  }
}
