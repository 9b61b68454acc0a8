import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineAt } from './json-error.js';

describe('jsonErrorOffset', () => {
  it('accepts every valid JSON text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        expect(jsonErrorOffset(JSON.stringify(value, null, pretty ? 2 : undefined))).toBeNull();
      }),
      { numRuns: 300 },
    );
  });

  it('finds the first offending character', () => {
    const cases: Array<[string, number]> = [
      ['{"a": }', 6],
      ['[1, 2,]', 6],
      ['{"a" 1}', 5],
      ['{"a": 1,}', 8],
      ['[1 2]', 3],
      ['"abc', 4],
      ['{"a": tru}', 6],
      ['[1]]', 3],
      ['', 0],
      ['{"a": "\\x"}', 7],
    ];
    for (const [text, offset] of cases) expect([text, jsonErrorOffset(text)]).toEqual([text, offset]);
  });

  it('agrees with JSON.parse on whether a text is valid', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '1', 'a', ' ', '\n', '-', '.', 'e'),
        }),
        (text) => {
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          expect(jsonErrorOffset(text) === null).toBe(valid);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('handles 100k-deep nesting without recursion', () => {
    expect(jsonErrorOffset(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBeNull();
    expect(jsonErrorOffset(`${'['.repeat(100_000)}}`)).toBe(100_000);
  });
});

describe('lineAt', () => {
  it('counts newlines before the offset', () => {
    expect([lineAt('a\nb\nc', 0), lineAt('a\nb\nc', 2), lineAt('a\nb\nc', 4)]).toEqual([1, 2, 3]);
  });
});
