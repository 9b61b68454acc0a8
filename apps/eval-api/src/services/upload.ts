import { ApiError } from '../errors.js';
import { interruptibleBody, invalidUtf8 } from '../http/body.js';
import { InvalidUtf8Error, Utf8LineDecoder } from '../http/utf8.js';
import { toHex } from './digest.js';

/** A line range of an uploaded file that one queue message scores. */
export interface ChunkRange {
  index: number;
  byte_start: number;
  byte_end: number;
  /** 1-based line number of the chunk's first line, for error messages. */
  line_start: number;
}

export interface StoredGenerations {
  key: string;
  digest: string;
  bytes: number;
  /** Non-blank lines. */
  records: number;
  chunks: ChunkRange[];
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Where chunks close: after `lines` lines or once they hold `bytes` bytes, whichever comes first. */
export interface ChunkLimits {
  lines: number;
  bytes: number;
  /** The longest line accepted, in bytes: a chunk is never bigger than `bytes` or one such line. */
  lineBytes: number;
}

/**
 * Finds chunk boundaries in a byte stream without decoding it: a chunk ends after `limits.lines` lines, or
 * before the line that would take it past `limits.bytes`, so each chunk holds whole lines, can be read back
 * with one ranged R2 get, and a consumer's memory is bounded whatever the lines' lengths. A line longer than
 * `limits.lineBytes` fails with 413 naming it as soon as it passes the limit.
 */
export class ChunkSplitter {
  readonly chunks: ChunkRange[] = [];
  records = 0;
  private offset = 0;
  private chunkStart = 0;
  private chunkLineStart = 1;
  private linesInChunk = 0;
  private line = 1;
  private lineStart = 0;
  private lineLength = 0;
  private lineEndsWithCr = false;

  constructor(private readonly limits: ChunkLimits) {}

  /** 1-based number of the line the next byte belongs to. */
  get currentLine(): number {
    return this.line;
  }

  push(bytes: Uint8Array): void {
    let from = 0;
    for (let newline = bytes.indexOf(NEWLINE); newline !== -1; newline = bytes.indexOf(NEWLINE, from)) {
      this.noteLineBytes(bytes, from, newline);
      this.endLine(this.offset + newline + 1);
      from = newline + 1;
    }
    this.noteLineBytes(bytes, from, bytes.length);
    this.offset += bytes.length;
  }

  /** Closes the last chunk; a final line without a newline counts. */
  end(): void {
    if (this.lineLength > 0) this.endLine(this.offset);
    if (this.offset > this.chunkStart) this.closeChunk(this.offset);
  }

  private noteLineBytes(bytes: Uint8Array, from: number, to: number): void {
    if (to <= from) return;
    this.lineLength += to - from;
    if (this.lineLength > this.limits.lineBytes) {
      throw new ApiError(
        'payload_too_large',
        `NDJSON line ${this.line} is longer than the limit of ${this.limits.lineBytes} bytes`,
        { line: this.line },
      );
    }
    this.lineEndsWithCr = bytes[to - 1] === CARRIAGE_RETURN;
  }

  private endLine(nextOffset: number): void {
    // The chunk so far plus this line would pass the byte limit: the chunk closes before the line.
    if (this.linesInChunk > 0 && nextOffset - this.chunkStart > this.limits.bytes)
      this.closeChunk(this.lineStart);
    const blank = this.lineLength === 0 || (this.lineLength === 1 && this.lineEndsWithCr);
    if (!blank) this.records++;
    this.lineLength = 0;
    this.lineEndsWithCr = false;
    this.line++;
    this.lineStart = nextOffset;
    this.linesInChunk++;
    if (this.linesInChunk >= this.limits.lines || nextOffset - this.chunkStart >= this.limits.bytes)
      this.closeChunk(nextOffset);
  }

  /** Closes the open chunk at `end`; the next one starts at line `this.line`. */
  private closeChunk(end: number): void {
    this.chunks.push({
      index: this.chunks.length,
      byte_start: this.chunkStart,
      byte_end: end,
      line_start: this.chunkLineStart,
    });
    this.chunkStart = end;
    this.chunkLineStart = this.line;
    this.linesInChunk = 0;
  }
}

/**
 * Streams a body of known length into R2 while hashing it, checking that it is UTF-8 (the rule of /v1/score,
 * so that an upload scores exactly what the same bytes would inline) and finding its chunk boundaries; the
 * body is never held whole in memory. The upload's own faults (a line too long, invalid UTF-8, a client that
 * went away) are thrown as the ApiError that says so, rather than the abort they cause in the R2 put.
 */
export async function storeGenerations(
  bucket: R2Bucket,
  key: string,
  body: ReadableStream<Uint8Array>,
  length: number,
  limits: ChunkLimits,
): Promise<StoredGenerations> {
  const hasher = new crypto.DigestStream('SHA-256');
  const hashWriter = hasher.getWriter();
  const splitter = new ChunkSplitter(limits);
  const utf8 = new Utf8LineDecoder();
  const checkUtf8 = (check: () => string) => {
    try {
      check();
    } catch (error) {
      throw error instanceof InvalidUtf8Error ? invalidUtf8(error, 'malformed_ndjson') : error;
    }
  };
  const inspect = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      checkUtf8(() => utf8.decode(chunk));
      splitter.push(chunk);
      await hashWriter.write(chunk.slice());
      controller.enqueue(chunk);
    },
    async flush() {
      checkUtf8(() => utf8.end());
      splitter.end();
      await hashWriter.close();
    },
  });
  // R2 needs the length of a streamed body up front; FixedLengthStream also fails a body that is shorter
  // or longer than it said.
  const fixed = new FixedLengthStream(length);
  const piping = interruptibleBody(body).pipeThrough(inspect).pipeTo(fixed.writable);
  const putting = bucket.put(key, fixed.readable, { httpMetadata: { contentType: 'application/x-ndjson' } });
  try {
    await Promise.all([piping, putting]);
  } catch (error) {
    const piped = await piping.then(
      () => null,
      (reason: unknown) => reason,
    );
    throw piped instanceof ApiError ? piped : error;
  }
  const digest = toHex(await hasher.digest);
  return { key, digest, bytes: length, records: splitter.records, chunks: splitter.chunks };
}

// Chunk rows change only while their run is pending: an upload racing a finalize changes nothing.
// The run is still pending and its file is this upload's (the key is parameter `keyParam`): the ranges of
// an upload that lost a race to another one change nothing.
const whilePendingWithKey = (keyParam: string) =>
  `EXISTS (SELECT 1 FROM runs WHERE id = ?1 AND status = 'pending' AND generations_key = ${keyParam})`;

/**
 * Replaces a pending run's chunk table with the new upload's ranges (one statement, via json_each), only if
 * the run now references `key`, the file the ranges belong to.
 */
export function chunkRowsStatements(
  db: D1Database,
  runId: string,
  chunks: readonly ChunkRange[],
  key: string,
): D1PreparedStatement[] {
  return [
    db.prepare(`DELETE FROM run_chunks WHERE run_id = ?1 AND ${whilePendingWithKey('?2')}`).bind(runId, key),
    db
      .prepare(
        `INSERT INTO run_chunks (run_id, chunk_index, byte_start, byte_end, line_start)
         SELECT ?1, json_extract(value, '$.index'), json_extract(value, '$.byte_start'),
           json_extract(value, '$.byte_end'), json_extract(value, '$.line_start')
         FROM json_each(?2) WHERE ${whilePendingWithKey('?3')}`,
      )
      .bind(runId, JSON.stringify(chunks), key),
  ];
}
