// Parquet through hyparquet (pure JS; pyarrow's default snappy is built in, hyparquet-compressors adds gzip,
// zstd, brotli and lz4). Imported lazily so that JSONL scoring never loads it.
import { UsageError } from '../run-cli.js';

export interface ParquetRowBatch {
  /** 1-based number of the first row in the file. */
  firstRow: number;
  rows: Record<string, unknown>[];
}

export interface ParquetFile {
  /** Top-level column names, in file order. */
  columns: string[];
  numRows: number;
  /** The rows of `columns` (only those are decoded), one row group at a time. */
  rowBatches(columns: string[]): AsyncGenerator<ParquetRowBatch>;
}

/** Opens a parquet file: reads its footer, so a truncated or non-parquet file fails here. */
export async function openParquet(path: string): Promise<ParquetFile> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } = await import(
    'hyparquet'
  );
  const { compressors } = await import('hyparquet-compressors');
  const file = await asyncBufferFromFile(path);
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw new UsageError(`${path}: not a readable parquet file (${(error as Error).message})`);
  }
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  const groups = metadata.row_groups.map((group) => Number(group.num_rows));
  return {
    columns,
    numRows: Number(metadata.num_rows),
    async *rowBatches(wanted: string[]) {
      let start = 0;
      for (const size of groups) {
        const rows = await readRows(() =>
          parquetReadObjects({
            file,
            metadata,
            compressors,
            columns: wanted,
            rowStart: start,
            rowEnd: start + size,
          }),
        );
        yield { firstRow: start + 1, rows: rows.map(plainRow) };
        start += size;
      }
    },
  };

  async function readRows<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw new UsageError(`${path}: cannot decode the parquet data (${(error as Error).message})`);
    }
  }
}

/** A decoded row with INT64 values (BigInt in hyparquet) as plain numbers, as JSON would hold them. */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  return plainValue(row) as Record<string, unknown>;
}

function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (ArrayBuffer.isView(value))
    return Array.from(value as unknown as ArrayLike<number | bigint>, plainValue);
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) out[key] = plainValue(field);
    return out;
  }
  return value;
}
