import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { ndjsonValues, parseJsonText } from './body.js';

async function collect(parts: string[]) {
  async function* chunks() {
    for (const part of parts) yield new TextEncoder().encode(part);
  }
  const values = [];
  for await (const value of ndjsonValues(chunks())) values.push(value);
  return values;
}

describe('ndjsonValues', () => {
  it('yields values with 1-based line numbers, skipping blank lines, across chunk cuts', async () => {
    expect(await collect(['{"a":', '1}\n\n  \n[2', ']\r\n"x"'])).toEqual([
      { line: 1, value: { a: 1 } },
      { line: 4, value: [2] },
      { line: 5, value: 'x' },
    ]);
  });

  it('fails with 400 naming the line of a malformed value', async () => {
    const error = await collect(['1\n2\n{oops}\n4\n']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect([(error as ApiError).status, (error as ApiError).code, (error as ApiError).details.line]).toEqual([
      400,
      'malformed_ndjson',
      3,
    ]);
  });
});

describe('parseJsonText', () => {
  it('names the line of a syntax error', () => {
    const error = (() => {
      try {
        parseJsonText('{\n"a": 1,\n"b": }\n');
      } catch (caught) {
        return caught as ApiError;
      }
    })();
    expect([error?.code, error?.details.line]).toEqual(['malformed_json', 3]);
  });
});

describe('ndjsonValues on long lines', () => {
  it('refuses a line over the limit with 413 naming it, before reading the rest of the body', async () => {
    let pulled = 0;
    async function* endless() {
      // 1,000 chunks of 100 characters and no newline after the first line.
      yield new TextEncoder().encode('{"a":1}\n');
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield new TextEncoder().encode('x'.repeat(100));
      }
    }
    const values: unknown[] = [];
    const error = await (async () => {
      for await (const value of ndjsonValues(endless(), 1000)) values.push(value);
    })().catch((caught: unknown) => caught);
    expect(values).toEqual([{ line: 1, value: { a: 1 } }]);
    expect(error).toBeInstanceOf(ApiError);
    expect([(error as ApiError).status, (error as ApiError).code, (error as ApiError).details.line]).toEqual([
      413,
      'payload_too_large',
      2,
    ]);
    expect(pulled).toBeLessThanOrEqual(11);
  });

  it('reads a line exactly at the limit, and a last line without a newline', async () => {
    const value = `"${'y'.repeat(998)}"`; // 1,000 characters
    expect(await collectWith([`${value}\n`, value], 1000)).toEqual([
      { line: 1, value: 'y'.repeat(998) },
      { line: 2, value: 'y'.repeat(998) },
    ]);
  });

  it('joins a line cut into many chunks, and counts lines across chunks with several newlines', async () => {
    const parts = ['[1', ',', '2', ']\n[3]\n\n', '[4', ']'];
    expect(await collectWith(parts, 10)).toEqual([
      { line: 1, value: [1, 2] },
      { line: 2, value: [3] },
      { line: 4, value: [4] },
    ]);
  });
});

async function collectWith(parts: string[], maxLineChars: number) {
  async function* chunks() {
    for (const part of parts) yield new TextEncoder().encode(part);
  }
  const values = [];
  for await (const value of ndjsonValues(chunks(), maxLineChars)) values.push(value);
  return values;
}
