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

  /** Whether the bytes so far end inside a line (after its first byte, before its newline). */
  get inLine(): boolean {
    return this.lineLength > 0;
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

/** The body of one part as the client sends it: NDJSON, gzipped or not, of a declared decompressed length. */
export interface PartBody {
  stream: ReadableStream<Uint8Array>;
  /** Content-Encoding: gzip. */
  gzip: boolean;
  /** Decompressed bytes, as the client declared them (Content-Length, or X-Decoded-Content-Length). */
  length: number;
}

export interface StoredPart extends StoredGenerations {
  /** Newline-terminated lines of the part, blank ones included: where the next part's line numbers start. */
  lines: number;
}

/** Names the part in an error about one of its lines, so a client knows which request to fix. */
function inPart(error: unknown, part: number): unknown {
  if (!(error instanceof ApiError) || error.details.part !== undefined) return error;
  return new ApiError(error.code, `part ${part}: ${error.message}`, { ...error.details, part });
}

/** The gzip stream decompressed; a corrupt or truncated stream fails with the 400 that says so. */
function gunzip(stream: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const decompressing = new DecompressionStream('gzip');
  // Its failure reaches the reader below; caught here so that it is not also an unhandled rejection.
  stream.pipeTo(decompressing.writable).catch(() => undefined);
  const reader = decompressing.readable.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        if (error instanceof ApiError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new ApiError('malformed_gzip', `the body is not valid gzip: ${reason}`, { field: 'body' });
      }
      if (result.done) controller.close();
      else controller.enqueue(result.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/**
 * Streams one part into R2, decompressed, while hashing it, checking that it is UTF-8 (the rule of /v1/score,
 * so that an upload scores exactly what the same bytes would inline), that it is whole lines (its last byte
 * is a newline: parts are joined as they are) and finding its chunk boundaries; the body is never held whole
 * in memory. Limits count decompressed bytes: a part that decompresses past its declared length fails as soon
 * as it does. The part's own faults (a line too long, invalid UTF-8, corrupt gzip, a client that went away)
 * are thrown as the ApiError that says so, naming the part, rather than the abort they cause in the R2 put.
 */
export async function storePart(
  bucket: R2Bucket,
  key: string,
  part: number,
  body: PartBody,
  limits: ChunkLimits,
): Promise<StoredPart> {
  try {
    return await storeDecoded(bucket, key, body, limits);
  } catch (error) {
    throw inPart(error, part);
  }
}

async function storeDecoded(
  bucket: R2Bucket,
  key: string,
  body: PartBody,
  limits: ChunkLimits,
): Promise<StoredPart> {
  const hasher = new crypto.DigestStream('SHA-256');
  const hashWriter = hasher.getWriter();
  const splitter = new ChunkSplitter(limits);
  const utf8 = new Utf8LineDecoder();
  const declared = body.gzip ? 'X-Decoded-Content-Length' : 'Content-Length';
  let decoded = 0;
  // The last chunk is held back until flush: a part refused at its end is never stored whole.
  let held: Uint8Array | null = null;
  const checkUtf8 = (check: () => string) => {
    try {
      check();
    } catch (error) {
      throw error instanceof InvalidUtf8Error ? invalidUtf8(error, 'malformed_ndjson') : error;
    }
  };
  const inspect = new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      decoded += chunk.byteLength;
      if (decoded > body.length)
        throw new ApiError(
          'bad_request',
          `the body decompresses to more than its ${declared} (${body.length} bytes)`,
        );
      checkUtf8(() => utf8.decode(chunk));
      splitter.push(chunk);
      await hashWriter.write(chunk.slice());
      if (held) controller.enqueue(held);
      held = chunk;
    },
    async flush(controller) {
      if (decoded < body.length)
        throw new ApiError(
          'bad_request',
          `the body decompresses to ${decoded} bytes, not its ${declared} (${body.length})`,
        );
      checkUtf8(() => utf8.end());
      if (splitter.inLine) {
        const line = splitter.currentLine;
        throw new ApiError('malformed_ndjson', `ends mid-line: line ${line} has no newline at its end`, {
          line,
        });
      }
      splitter.end();
      await hashWriter.close();
      // Only now, every check passed, can the object reach its length and the R2 put complete.
      if (held) controller.enqueue(held);
    },
  });
  const source = interruptibleBody(body.stream);
  // R2 needs the length of a streamed body up front; FixedLengthStream also fails a body that is shorter
  // or longer than it said.
  const fixed = new FixedLengthStream(body.length);
  const piping = (body.gzip ? gunzip(source) : source).pipeThrough(inspect).pipeTo(fixed.writable);
  const putting = bucket.put(key, fixed.readable, { httpMetadata: { contentType: 'application/x-ndjson' } });
  try {
    await Promise.all([piping, putting]);
  } catch (error) {
    const piped = await piping.then(
      () => null,
      (reason: unknown) => reason,
    );
    // The put settles before the caller deletes the key: a delete that ran first would leave its object.
    await putting.catch(() => undefined);
    throw piped instanceof ApiError ? piped : error;
  }
  const digest = toHex(await hasher.digest);
  const { records, chunks } = splitter;
  return { key, digest, bytes: body.length, records, chunks, lines: splitter.currentLine - 1 };
}
