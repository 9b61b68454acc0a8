import { verify } from '@crossover/verifiers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalCountdownExpression, leavesOf, parseCanonicalExpression } from './expression.js';
import { naiveCountdownSearch } from './naive.js';
import { countSolutions, isSolvable, solveCountdown } from './solver.js';

/** The distinct solutions by brute force: every tree the naive search finds, canonicalised, deduplicated. */
function bruteForceSolutions(numbers: number[], target: number): string[] {
  const distinct = new Set<string>();
  naiveCountdownSearch(numbers, target, (expression) =>
    distinct.add(canonicalCountdownExpression(expression)),
  );
  return [...distinct].sort();
}

describe('solveCountdown', () => {
  it('lists the distinct solutions of a small instance', () => {
    expect(solveCountdown([1, 2, 3], 6).sort()).toEqual(['3 * 2 * 1', '3 * 2 / 1', '3 + 2 + 1']);
  });

  it('treats repeated numbers as interchangeable', () => {
    expect(solveCountdown([2, 2], 4).sort()).toEqual(['2 * 2', '2 + 2']);
    expect(solveCountdown([3, 3, 8, 8], 24)).toEqual(['8 / (3 - 8 / 3)']);
  });

  it('finds fraction-only paths', () => {
    // 6 / (1 - 3/4) = 24 needs the intermediate 1/4.
    expect(solveCountdown([1, 3, 4, 6], 24)).toContain('6 / (1 - 3 / 4)');
  });

  it('returns nothing for an unsolvable instance', () => {
    expect(solveCountdown([1, 1, 1], 100)).toEqual([]);
    expect(isSolvable([1, 1, 1], 100)).toBe(false);
    expect(countSolutions([1, 1, 1], 100)).toBe(0);
  });

  it('handles zeros without dividing by them', () => {
    expect(solveCountdown([0, 5], 0).sort()).toEqual(['0 / 5', '5 * 0']);
    expect(solveCountdown([0, 0], 0).sort()).toEqual(['0 * 0', '0 + 0', '0 - 0']);
  });

  it('stops at the limit', () => {
    const all = solveCountdown([1, 2, 3, 4], 10);
    expect(all.length).toBeGreaterThan(3);
    const some = solveCountdown([1, 2, 3, 4], 10, { limit: 3 });
    expect(some).toHaveLength(3);
    for (const solution of some) expect(all).toContain(solution);
  });

  it('agrees with brute force on fixed 4- and 5-number instances', () => {
    for (const [numbers, target] of [
      [[4, 7, 8, 8], 24],
      [[25, 50, 75, 100], 100],
      [[1, 1, 1, 1], 2],
      [[3, 6, 9, 12, 15], 45],
    ] as [number[], number][]) {
      expect(solveCountdown(numbers, target).sort()).toEqual(bruteForceSolutions(numbers, target));
    }
  });

  it('agrees with brute force on random 3- and 4-number instances', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 3, maxLength: 4 }),
        fc.integer({ min: -20, max: 60 }),
        (numbers, target) => {
          expect(solveCountdown(numbers, target).sort()).toEqual(bruteForceSolutions(numbers, target));
        },
      ),
      { numRuns: 60, seed: 20261122 },
    );
  });

  it('returns expressions that use every number once and reach the target', () => {
    const numbers = [75, 25, 50, 100, 3, 6];
    const solutions = solveCountdown(numbers, 952);
    expect(solutions.length).toBeGreaterThan(0);
    for (const solution of solutions) {
      const form = parseCanonicalExpression(solution);
      expect(form.value).toEqual({ num: 952, den: 1 });
      expect(leavesOf(form).sort((a, b) => a - b)).toEqual([...numbers].sort((a, b) => a - b));
      expect(canonicalCountdownExpression(solution)).toBe(solution);
      expect(verify('countdown', `<answer>${solution}</answer>`, { numbers, target: 952 }).correct).toBe(
        true,
      );
    }
  });

  it('rejects instances it cannot search exactly', () => {
    expect(() => solveCountdown([1, 2, 3, 4, 5, 6, 7], 10)).toThrow(RangeError);
    expect(() => solveCountdown([1.5, 2], 3)).toThrow(RangeError);
    expect(() => solveCountdown([1000, 1000, 1000, 1000, 1000, 1000], 10)).toThrow(/too large/);
    expect(() => solveCountdown([1, 2], 3, { limit: 0 })).toThrow(RangeError);
  });
});
