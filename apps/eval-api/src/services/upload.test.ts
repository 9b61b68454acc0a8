import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkSplitter } from './upload.js';

const encode = (text: string) => new TextEncoder().encode(text);

function split(parts: Uint8Array[], linesPerChunk: number) {
  const splitter = new ChunkSplitter(linesPerChunk);
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
        (lines, trailing, perChunk, cuts) => {
          const bytes = encode(lines.join('\n') + (trailing ? '\n' : ''));
          const positions = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          const pieces: Uint8Array[] = [];
          let from = 0;
          for (const position of [...positions, bytes.length]) {
            pieces.push(bytes.slice(from, position));
            from = position;
          }
          const whole = split([bytes], perChunk);
          expect(split(pieces, perChunk)).toEqual(whole);
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
});
