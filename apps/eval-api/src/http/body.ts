import { ApiError } from '../errors.js';
import { MAX_JSON_DEPTH, overDepthOffset } from './json-depth.js';
import { jsonErrorOffset, lineAt } from './json-error.js';
import { InvalidUtf8Error, Utf8LineDecoder } from './utf8.js';

/** The media types of a body of one JSON value a line: application/x-ndjson, application/ndjson, application/jsonl. */
export function isNdjsonContentType(contentType: string): boolean {
  return /^application\/(?:x-ndjson|ndjson|jsonl)\b/i.test(contentType);
}

/** The Content-Length a client declared, or null when it sent none (chunked). */
export function declaredLength(request: Request): number | null {
  const header = request.headers.get('content-length');
  if (header === null || header.trim() === '') return null;
  const length = Number(header);
  if (!Number.isSafeInteger(length) || length < 0)
    throw new ApiError('bad_request', 'invalid Content-Length header');
  return length;
}

function tooLarge(limit: number): ApiError {
  return new ApiError('payload_too_large', `request body is over the limit of ${limit} bytes`);
}

/** Refuses a body whose declared length is over the limit before a byte of it is read. */
export function checkDeclaredLength(request: Request, limit: number): number | null {
  const length = declaredLength(request);
  if (length !== null && length > limit) throw tooLarge(limit);
  return length;
}

/** A body that could not be read to its end: the client went away, or its connection broke. Not our 500. */
export function bodyInterrupted(error: unknown): ApiError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiError('bad_request', `request body interrupted: ${reason}`);
}

/** Reads one chunk; a read error is the client's (bodyInterrupted), never "invalid UTF-8" or a 500. */
async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>) {
  try {
    return await reader.read();
  } catch (error) {
    throw bodyInterrupted(error);
  }
}

/** The body's stream with read errors turned into bodyInterrupted, for bodies piped rather than read. */
export function interruptibleBody(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await readChunk(reader);
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/**
 * Yields the body's chunks, failing with 413 as soon as more than `limit` bytes arrived (for bodies that
 * declared no length, or lied about it).
 */
export async function* limitedChunks(body: ReadableStream<Uint8Array> | null, limit: number) {
  if (body === null) return;
  let received = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await readChunk(reader);
      if (done) return;
      received += value.byteLength;
      if (received > limit) throw tooLarge(limit);
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The 400 of invalid UTF-8, naming its line: `code` says whether the body is JSON or NDJSON. */
export function invalidUtf8(error: InvalidUtf8Error, code: 'malformed_json' | 'malformed_ndjson'): ApiError {
  return new ApiError(code, `request body: ${error.message}`, { line: error.line });
}

/** Reads the whole body as UTF-8 text, within the limit. */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  checkDeclaredLength(request, limit);
  const decoder = new Utf8LineDecoder();
  const parts: string[] = [];
  try {
    for await (const chunk of limitedChunks(request.body, limit)) parts.push(decoder.decode(chunk));
    parts.push(decoder.end());
  } catch (error) {
    if (error instanceof InvalidUtf8Error) throw invalidUtf8(error, 'malformed_json');
    throw error;
  }
  return parts.join('');
}

/** The 1-based line of a JSON syntax error: V8's own position when it gives one, else our scanner's. */
export function syntaxErrorLine(text: string, error: SyntaxError): number | undefined {
  const lineMatch = /\(line (\d+) column \d+\)/.exec(error.message);
  if (lineMatch) return Number(lineMatch[1]);
  const positionMatch = /at position (\d+)/.exec(error.message);
  const offset = positionMatch ? Number(positionMatch[1]) : jsonErrorOffset(text);
  return offset === null ? undefined : lineAt(text, Math.min(offset, text.length));
}

const tooDeep = `nested deeper than ${MAX_JSON_DEPTH} levels`;

/** JSON.parse with a 400 that says where the syntax error is; a body nested too deep is refused first (422). */
export function parseJsonText(text: string): unknown {
  const deepAt = overDepthOffset(text);
  if (deepAt !== -1) {
    const line = lineAt(text, deepAt);
    throw new ApiError('invalid_request', `body: JSON ${tooDeep} (line ${line})`, { field: 'body', line });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const line = syntaxErrorLine(text, error);
    const where = line === undefined ? '' : ` (line ${line})`;
    throw new ApiError(
      'malformed_json',
      `malformed JSON${where}: ${error.message}`,
      line === undefined ? {} : { line },
    );
  }
}

export interface NdjsonLine {
  /** 1-based line number in the body. */
  line: number;
  value: unknown;
}

/** Parses one NDJSON line, failing with 400 naming the line (422 when it is nested too deep). */
export function parseNdjsonLine(text: string, line: number): unknown {
  if (overDepthOffset(text) !== -1)
    throw new ApiError('invalid_request', `line ${line}: JSON ${tooDeep}`, { line });
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new ApiError('malformed_ndjson', `malformed NDJSON at line ${line}: ${error.message}`, { line });
  }
}

/** The longest NDJSON line read, in characters: one record, or one lm-eval document with its responses. */
export const MAX_NDJSON_LINE_CHARS = 8 * 1024 * 1024;

/**
 * Streams NDJSON values out of byte chunks; blank lines are skipped but counted, so line numbers match
 * what an editor shows. Each chunk's text is scanned once and a line is joined once, so the cost is linear
 * in the body's bytes whatever its shape; a line longer than `maxLineChars` fails with 413 naming it as
 * soon as its text passes the limit.
 */
export async function* ndjsonValues(
  chunks: AsyncIterable<Uint8Array>,
  maxLineChars = MAX_NDJSON_LINE_CHARS,
): AsyncGenerator<NdjsonLine> {
  const decoder = new Utf8LineDecoder();
  let line = 0;
  // The current line's text so far, in pieces.
  let pieces: string[] = [];
  let pendingChars = 0;
  const decode = (chunk?: Uint8Array) => {
    try {
      return chunk === undefined ? decoder.end() : decoder.decode(chunk);
    } catch (error) {
      if (error instanceof InvalidUtf8Error) throw invalidUtf8(error, 'malformed_ndjson');
      throw error;
    }
  };
  const append = (piece: string) => {
    pendingChars += piece.length;
    if (pendingChars > maxLineChars) {
      throw new ApiError(
        'payload_too_large',
        `NDJSON line ${line + 1} is longer than the limit of ${maxLineChars} characters`,
        { line: line + 1 },
      );
    }
    if (piece !== '') pieces.push(piece);
  };
  const takeLine = (): string => {
    const text = pieces.length === 1 ? (pieces[0] as string) : pieces.join('');
    pieces = [];
    pendingChars = 0;
    line++;
    return text.trim();
  };
  function* linesOf(text: string): Generator<NdjsonLine> {
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      append(text.slice(start, newline));
      const complete = takeLine();
      if (complete !== '') yield { line, value: parseNdjsonLine(complete, line) };
      start = newline + 1;
    }
    append(text.slice(start));
  }
  for await (const chunk of chunks) yield* linesOf(decode(chunk));
  yield* linesOf(decode());
  const last = takeLine();
  if (last !== '') yield { line, value: parseNdjsonLine(last, line) };
}
