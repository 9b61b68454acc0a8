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
