import { describe, expect, it } from 'vitest';
import { lengthHistogram } from './length-histogram.js';
import { aggregateSamples, type ScoredSample } from './scoring-packages.js';

const sample = (problem_id: string, correct: boolean, num_tokens: number | undefined, chars: number) =>
  ({ problem_id, correct, extracted: correct ? '1' : '2', num_tokens, chars }) satisfies ScoredSample;

/** Counts as { bin index: count } for the non-empty bins. */
function nonEmpty(counts: readonly number[]): Record<number, number> {
  return Object.fromEntries(counts.flatMap((count, index) => (count > 0 ? [[index, count]] : [])));
}

describe('lengthHistogram', () => {
  it('bins every correct and incorrect length on shared edges', () => {
    const aggregates = aggregateSamples([
      sample('p1', true, 10, 100),
      sample('p1', false, 20, 200),
      sample('p2', true, 30, 300),
      sample('p2', false, 40, 400),
      sample('p2', false, 40, 400),
    ]);
    const histogram = lengthHistogram(aggregates, 'tokens');
    expect(histogram?.unit).toBe('tokens');
    expect(histogram?.edges).toEqual(Array.from({ length: 31 }, (_, i) => 10 + i));
    // bins are [a, b), the last one [a, b]
    expect(nonEmpty(histogram?.correct ?? [])).toEqual({ 0: 1, 20: 1 });
    expect(nonEmpty(histogram?.incorrect ?? [])).toEqual({ 10: 1, 29: 2 });
  });

  it('uses characters when the report does, and gives null without lengths', () => {
    const aggregates = aggregateSamples([
      sample('p1', true, undefined, 100),
      sample('p1', false, undefined, 300),
    ]);
    const histogram = lengthHistogram(aggregates, 'chars');
    expect([histogram?.edges[0], histogram?.edges.at(-1)]).toEqual([100, 300]);
    expect(histogram?.correct.reduce((a, b) => a + b, 0)).toBe(1);
    expect(histogram?.incorrect.reduce((a, b) => a + b, 0)).toBe(1);
    expect(lengthHistogram([], 'tokens')).toBeNull();
  });
});
