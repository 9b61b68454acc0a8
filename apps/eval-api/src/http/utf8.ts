// One UTF-8 rule for every body (/v1/score as JSON or NDJSON, uploads): invalid bytes are refused, never
// replaced, and the refusal names the line they are on. The fast path is TextDecoder's own streaming check;
// only when it fails are the bytes walked again, line by line, to find where.

const NEWLINE = 0x0a;

/** Invalid UTF-8 on a 1-based line. */
export class InvalidUtf8Error extends Error {
  override name = 'InvalidUtf8Error';
  constructor(readonly line: number) {
    super(`line ${line} is not valid UTF-8`);
  }
}

function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) count++;
  return count;
}

/** Length of the UTF-8 sequence a lead byte starts (0 for a continuation byte). */
function sequenceLength(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte < 0xc0) return 0;
  if (byte < 0xe0) return 2;
  if (byte < 0xf0) return 3;
  return 4;
}

/** The bytes at the end of `bytes` that start a character the next chunk completes (at most 3). */
function incompleteTail(bytes: Uint8Array): Uint8Array {
  for (let at = bytes.length - 1; at >= Math.max(0, bytes.length - 3); at--) {
    const length = sequenceLength(bytes[at]!);
    if (length === 0) continue;
    return at + length > bytes.length ? bytes.slice(at) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

/** Streams bytes to text with TextDecoder's fatal check, counting lines so that an error can name its line. */
export class Utf8LineDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  // Line of the first byte of the next chunk, and the unfinished character the last chunk ended with.
  private line = 1;
  private tail: Uint8Array = new Uint8Array(0);

  /** The chunk's text; throws InvalidUtf8Error naming the line of the first invalid byte. */
  decode(chunk: Uint8Array): string {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw new InvalidUtf8Error(this.lineOfError(chunk));
    }
    this.line += countNewlines(chunk);
    this.tail = chunk.length >= 4 ? incompleteTail(chunk) : incompleteTail(concat(this.tail, chunk));
    return text;
  }

  /** The rest of the text; a character cut off by the end of the body is invalid too. */
  end(): string {
    try {
      return this.decoder.decode();
    } catch {
      throw new InvalidUtf8Error(this.line);
    }
  }

  /** The line of the first invalid byte of `chunk`, read after the unfinished character before it. */
  private lineOfError(chunk: Uint8Array): number {
    const bytes = concat(this.tail, chunk);
    const check = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    let line = this.line;
    let from = 0;
    for (let newline = bytes.indexOf(NEWLINE); newline !== -1; newline = bytes.indexOf(NEWLINE, from)) {
      try {
        check.decode(bytes.subarray(from, newline + 1));
      } catch {
        return line;
      }
      line++;
      from = newline + 1;
    }
    return line;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
