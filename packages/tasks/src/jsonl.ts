// Line-by-line JSONL reading with errors that name the source and the line, shared by every loader.

export class DatasetFormatError extends Error {
  override name = 'DatasetFormatError';
  constructor(
    readonly source: string,
    /** 1-based line number, or 0 for a problem with the file as a whole. */
    readonly line: number,
    readonly detail: string,
  ) {
    super(line > 0 ? `${source}:${line}: ${detail}` : `${source}: ${detail}`);
  }
}

export interface JsonlRecord {
  /** 1-based line number in the source. */
  line: number;
  value: unknown;
}

/** Parses every non-blank line as JSON; a BOM and CRLF line ends are accepted. */
export function parseJsonlRecords(text: string, source: string): JsonlRecord[] {
  const records: JsonlRecord[] = [];
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split('\n');
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    try {
      records.push({ line: i + 1, value: JSON.parse(line) });
    } catch (error) {
      throw new DatasetFormatError(source, i + 1, `not valid JSON (${(error as Error).message})`);
    }
  });
  return records;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
