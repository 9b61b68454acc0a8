import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** One part of a file as it will be uploaded: whole lines, bytes [start, end) of the file. */
export interface PartPlan {
  /** 1-based part number. */
  part: number;
  start: number;
  end: number;
  /** The file's last line has no newline: the part is sent with one (parts are whole lines). */
  appendNewline: boolean;
  /** Bytes sent, decompressed (end - start, plus the appended newline). */
  bytes: number;
  /** Non-blank lines. */
  records: number;
  /** SHA-256 (hex) of the bytes sent, decompressed: what GET /v1/runs/{id}/parts lists for an uploaded part. */
  digest: string;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Builds parts line by line, closing one before the record (non-blank line) that would take it past
 * `partBytes`: every part holds a record, and only a single record longer than `partBytes` (or the blank lines
 * after a part's last record) makes a part bigger.
 */
class PartPlanner {
  readonly parts: PartPlan[] = [];
  private start = 0;
  private bytes = 0;
  private records = 0;
  private hash: Hash = createHash('sha256');

  constructor(private readonly partBytes: number) {}

  /** Adds one line, its newline included (`pieces` joined are the line). */
  addLine(pieces: readonly Uint8Array[], length: number, appendNewline = false): void {
    const size = length + (appendNewline ? 1 : 0);
    const content = appendNewline ? length : length - 1;
    const last = pieces.at(-1);
    const onlyCr =
      content === 1 && last !== undefined && last[last.length - (appendNewline ? 1 : 2)] === CARRIAGE_RETURN;
    const blank = content === 0 || onlyCr;
    // Blank lines stay with the part before them: a part of blank lines alone would have no records, which
    // the server refuses.
    if (!blank && this.records > 0 && this.bytes + size > this.partBytes) this.close();
    for (const piece of pieces) this.hash.update(piece);
    if (appendNewline) this.hash.update('\n');
    if (!blank) this.records++;
    this.bytes += size;
    if (appendNewline) this.close(true);
  }

  close(appendNewline = false): void {
    if (this.bytes === 0) return;
    const sent = appendNewline ? this.bytes - 1 : this.bytes;
    this.parts.push({
      part: this.parts.length + 1,
      start: this.start,
      end: this.start + sent,
      appendNewline,
      bytes: this.bytes,
      records: this.records,
      digest: this.hash.digest('hex'),
    });
    this.start += sent;
    this.bytes = 0;
    this.records = 0;
    this.hash = createHash('sha256');
  }
}

/**
 * Splits a file into parts of at most `partBytes` bytes at line ends (a longer line is a part of its own),
 * hashing each part as it will be sent, in one streaming pass.
 */
export async function planParts(file: string, partBytes: number): Promise<PartPlan[]> {
  const planner = new PartPlanner(partBytes);
  // The current line's bytes so far (it began in an earlier chunk).
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let from = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline !== -1; newline = chunk.indexOf(NEWLINE, from)) {
      const piece = chunk.subarray(from, newline + 1);
      planner.addLine([...pending, piece], pendingLength + piece.length);
      pending = [];
      pendingLength = 0;
      from = newline + 1;
    }
    if (from < chunk.length) {
      // Copied: the stream may reuse its buffer.
      pending.push(Uint8Array.prototype.slice.call(chunk, from));
      pendingLength += chunk.length - from;
    }
  }
  if (pendingLength > 0) planner.addLine(pending, pendingLength, true);
  planner.close();
  return planner.parts;
}
