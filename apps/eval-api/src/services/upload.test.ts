import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { ChunkSplitter } from './upload.js';

const encode = (text: string) => new TextEncoder().encode(text);

function split(parts: Uint8Array[], lines: number, bytes = Number.POSITIVE_INFINITY, lineBytes = bytes) {
  const splitter = new ChunkSplitter({ lines, bytes, lineBytes: Math.max(lineBytes, 1) });
  for (const part of parts) splitter.push(part);
  splitter.end();
  return { chunks: splitter.chunks, records: splitter.records };
}

describe('ChunkSplitter', () => {
  it('cuts after every n lines, counting non-blank lines as records', () => {
    const text = 'a\nbb\n\nccc\r\n\r\ndd';
    expect(split([encode(text)], 2)).toEqual({
      records: 4,
      chunks: [
        { index: 0, byte_start: 0, byte_end: 5, line_start: 1 },
        { index: 1, byte_start: 5, byte_end: 11, line_start: 3 },
        { index: 2, byte_start: 11, byte_end: 15, line_start: 5 },
      ],
    });
  });

  it('finds the same chunks however the stream is cut into pieces', () => {
    const line = fc.stringMatching(/^[a-z{}":,]{0,12}$/);
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 40 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.integer({ min: 1, max: 40 }),
        (lines, trailing, perChunk, cuts, maxBytes) => {
          const bytes = encode(lines.join('\n') + (trailing ? '\n' : ''));
          const positions = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          const pieces: Uint8Array[] = [];
          let from = 0;
          for (const position of [...positions, bytes.length]) {
            pieces.push(bytes.slice(from, position));
            from = position;
          }
          const whole = split([bytes], perChunk, maxBytes, Number.POSITIVE_INFINITY);
          expect(split(pieces, perChunk, maxBytes, Number.POSITIVE_INFINITY)).toEqual(whole);
          // A chunk is over the byte limit only when it is one line that is.
          for (const chunk of whole.chunks) {
            const text = new TextDecoder().decode(bytes.slice(chunk.byte_start, chunk.byte_end));
            const linesIn = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
            expect(linesIn).toBeLessThanOrEqual(perChunk);
            if (chunk.byte_end - chunk.byte_start > maxBytes) expect(linesIn).toBe(1);
          }
          // The chunks tile the file exactly and hold whole lines.
          const ends = whole.chunks.map((chunk) => chunk.byte_end);
          const starts = whole.chunks.map((chunk) => chunk.byte_start);
          expect(starts).toEqual(bytes.length === 0 ? [] : [0, ...ends.slice(0, -1)]);
          expect(ends.at(-1) ?? 0).toBe(bytes.length);
          for (const end of ends.slice(0, -1)) expect(bytes[end - 1]).toBe(0x0a);
          expect(whole.records).toBe(lines.filter((text) => text !== '').length);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('closes a chunk before the line that would take it past the byte limit', () => {
    // Lines of 4, 6, 4 and 3 bytes (newlines counted), at most 10 bytes or 3 lines a chunk.
    expect(split([encode('aaa\nbbbbb\nccc\ndd\n')], 3, 10).chunks).toEqual([
      { index: 0, byte_start: 0, byte_end: 10, line_start: 1 },
      { index: 1, byte_start: 10, byte_end: 17, line_start: 3 },
    ]);
    // A line longer than the byte limit is a chunk of its own.
    expect(split([encode('a\nbbbbbbbbbbbb\nc\n')], 5, 4, 100).chunks.map((c) => c.line_start)).toEqual([
      1, 2, 3,
    ]);
  });

  it('refuses a line over the line limit with 413 naming it, however the bytes arrive', () => {
    const splitter = new ChunkSplitter({ lines: 10, bytes: 100, lineBytes: 8 });
    splitter.push(encode('{"a":1}\n{"b":'));
    let refused: unknown;
    try {
      splitter.push(encode('12345'));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 413, details: { line: 2 } });
  });
});
