import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, overDepthOffset } from './json-depth.js';

const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

describe('overDepthOffset', () => {
  it('accepts nesting up to the limit and points at the first bracket past it', () => {
    expect(overDepthOffset(nested(MAX_JSON_DEPTH))).toBe(-1);
    expect(overDepthOffset(nested(MAX_JSON_DEPTH + 1))).toBe(MAX_JSON_DEPTH);
    expect(overDepthOffset(`{"a":${nested(3)}}`, 3)).toBe(7);
    // Siblings do not add up.
    expect(overDepthOffset(`[${Array(100).fill('[[1]]').join(',')}]`, 3)).toBe(-1);
  });

  it('skips brackets inside strings, escaped quotes included', () => {
    expect(overDepthOffset('["[[[[", "\\"[[[[", "\\\\"]', 2)).toBe(-1);
    expect(overDepthOffset('["\\\\", [[1]]]', 2)).toBe(8);
    expect(overDepthOffset('"[[[[', 1)).toBe(-1);
  });

  it('stops at the first level too deep of a body millions of levels deep', () => {
    expect(overDepthOffset(`{"records":${nested(5_000_000)}}`)).toBe(11 + MAX_JSON_DEPTH - 1);
  });
});
