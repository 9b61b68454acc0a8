import {
  checkGenerationRecord,
  type GenerationRecord,
  LmEvalSamplesImporter,
  type ScorableProblem,
} from '@crossover/tasks';
import { openInput, readLineBatches } from '../io/lines.js';
import { UsageError } from '../run-cli.js';
import {
  detectJsonlFormat,
  isParquetFile,
  isParquetFormat,
  type JsonlFormat,
  type ParquetFormat,
  type RecordFormat,
} from './formats.js';
import { importLightevalRow, LIGHTEVAL_COLUMNS } from './lighteval.js';
import { openParquet, type ParquetFile } from './parquet-rows.js';
import { ProblemMatcher } from './problem-matcher.js';
import { importPromptCompletion } from './prompt-completion.js';
import { importVerlRow, VERL_COLUMNS, VERL_REQUIRED } from './verl.js';

/** Where an input item came from: a JSONL line or a parquet row, both 1-based. */
export type Position = { line: number } | { row: number };

/** One input line or row: the generation records it holds, or what is wrong with it. */
export type RecordItem = { at: Position; records: GenerationRecord[] } | { at: Position; error: string };

export interface RecordSource {
  /** The taskset's problems, for the formats that name a problem by its prompt; called on first need. */
  problems(): ReadonlyMap<string, ScorableProblem>;
  /** What lm-eval doc ids are prefixed with to make problem ids, e.g. `gsm8k/test`. */
  lmEvalPrefix(): string;
  /** Counts a completion's tokens, for records that lack num_tokens (`--tokenizer`). */
  countTokens?: (text: string) => number;
}

/** `line 12` or `row 3`, as error messages name an item. */
export function positionLabel(at: Position): string {
  return 'line' in at ? `line ${at.line}` : `row ${at.row}`;
}

/**
 * Reads any format `crossover score` and `submit` take as batches of Crossover generation records: JSONL
 * (Crossover records, lm-eval samples, `{ prompt, completion }`) from a file or stdin, or a verl or lighteval
 * parquet file (detected by its `PAR1` magic bytes, then by its columns).
 */
export async function* readRecords(
  path: string,
  format: RecordFormat,
  source: RecordSource,
): AsyncGenerator<RecordItem[]> {
  const parquet = parquetFormatOf(path, format);
  const batches = parquet === null ? jsonlItems(path, format, source) : parquetItems(path, parquet, source);
  for await (const items of batches) {
    if (source.countTokens) fillTokenCounts(items, source.countTokens);
    yield items;
  }
}

/** `auto` resolved for parquet files; null for JSONL. A forced format must agree with the file's kind. */
function parquetFormatOf(path: string, format: RecordFormat): ParquetFormat | 'auto' | null {
  const isParquet = isParquetFile(path);
  if (isParquetFormat(format)) {
    if (path === '-') throw new UsageError(`--format ${format} reads a parquet file; stdin cannot be one`);
    if (!isParquet)
      throw new UsageError(`--format ${format} reads parquet, but ${path} is not a parquet file`);
    return format;
  }
  if (!isParquet) return null;
  if (format !== 'auto')
    throw new UsageError(
      `${path} is a parquet file; --format ${format} reads JSONL (use verl, lighteval or auto)`,
    );
  return 'auto';
}

async function* jsonlItems(path: string, requested: RecordFormat, source: RecordSource) {
  const input = openInput(path);
  let format = requested as JsonlFormat | 'auto';
  let lmEval: LmEvalSamplesImporter | null = null;
  let matcher: ProblemMatcher | null = null;
  for await (const lines of readLineBatches(input)) {
    const items: RecordItem[] = [];
    for (const line of lines) {
      if (line.text.trim() === '') continue;
      const at = { line: line.number };
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch (error) {
        items.push({ at, error: `malformed JSON: ${(error as Error).message}` });
        continue;
      }
      if (format === 'auto') format = detectJsonlFormat(value);
      let records: GenerationRecord[] | GenerationRecord | string;
      if (format === 'lm-eval') {
        lmEval ??= new LmEvalSamplesImporter(source.lmEvalPrefix());
        records = lmEval.importLine(value);
      } else if (format === 'prompt') {
        matcher ??= new ProblemMatcher(source.problems().values());
        records = importPromptCompletion(value, matcher);
      } else records = checkGenerationRecord(value);
      items.push(
        typeof records === 'string'
          ? { at, error: records }
          : { at, records: Array.isArray(records) ? records : [records] },
      );
    }
    if (items.length > 0) yield items;
  }
}

async function* parquetItems(path: string, requested: ParquetFormat | 'auto', source: RecordSource) {
  const file = await openParquet(path);
  const format = requested === 'auto' ? detectParquetFormat(path, file) : requested;
  const columns = format === 'verl' ? VERL_COLUMNS : LIGHTEVAL_COLUMNS;
  const required = format === 'verl' ? VERL_REQUIRED : LIGHTEVAL_COLUMNS;
  const missing = required.filter((column) => !file.columns.includes(column));
  if (missing.length > 0)
    throw new UsageError(
      `${path}: not a ${format} file: no ${missing.map((c) => JSON.stringify(c)).join(', ')} column (it has ${file.columns.join(', ')})`,
    );
  const importRow = format === 'verl' ? importVerlRow : importLightevalRow;
  const matcher = new ProblemMatcher(source.problems().values());
  for await (const batch of file.rowBatches(columns.filter((c) => file.columns.includes(c)))) {
    yield batch.rows.map((row, i): RecordItem => {
      const at = { row: batch.firstRow + i };
      const records = importRow(row, matcher);
      return typeof records === 'string' ? { at, error: records } : { at, records };
    });
  }
}

/** verl's files carry `responses`; lighteval's details `doc` and `model_response`. */
function detectParquetFormat(path: string, file: ParquetFile): ParquetFormat {
  if (file.columns.includes('responses')) return 'verl';
  if (file.columns.includes('model_response') && file.columns.includes('doc')) return 'lighteval';
  throw new UsageError(
    `${path}: a parquet file with neither verl's "responses" column nor lighteval's "doc" and "model_response" (it has ${file.columns.join(', ')}); --format names the format`,
  );
}

function fillTokenCounts(items: RecordItem[], countTokens: (text: string) => number): void {
  for (const item of items) {
    if (!('records' in item)) continue;
    for (const record of item.records) record.num_tokens ??= countTokens(record.completion);
  }
}
