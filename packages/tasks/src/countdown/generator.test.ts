import { describe, expect, it } from 'vitest';
import { COUNTDOWN_DEFAULTS, generateCountdown, generateCountdownProblems } from './generator.js';
import { countdownPrompt } from './prompt.js';
import { seededRandom } from './random.js';
import { countSolutions, isSolvable } from './solver.js';

describe('seededRandom', () => {
  it('repeats its stream for a seed and differs across seeds', () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 5 }, () => random.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws integers evenly over an inclusive range', () => {
    const random = seededRandom(1);
    const counts = new Map<number, number>();
    for (let i = 0; i < 6000; i++) {
      const n = random.integer(1, 6);
      counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(120);
  });

  it('rejects bad seeds and ranges', () => {
    expect(() => seededRandom(-1)).toThrow(RangeError);
    expect(() => seededRandom(2 ** 32)).toThrow(RangeError);
    expect(() => seededRandom(1).integer(5, 4)).toThrow(RangeError);
  });
});

describe('generateCountdown', () => {
  it('emits only solvable instances within the default ranges', () => {
    const instances = [...generateCountdown({ seed: 3, count: 200 })];
    expect(instances.map((i) => i.index)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    for (const { numbers, target } of instances) {
      expect(numbers.length).toBeGreaterThanOrEqual(COUNTDOWN_DEFAULTS.minCount);
      expect(numbers.length).toBeLessThanOrEqual(COUNTDOWN_DEFAULTS.maxCount);
      for (const n of numbers) expect(n >= 1 && n <= 99).toBe(true);
      expect(target >= 1 && target <= 100).toBe(true);
      expect(isSolvable(numbers, target)).toBe(true);
    }
    const sizes = instances.map((i) => i.numbers.length);
    expect(sizes.filter((s) => s === 3).length).toBeGreaterThan(70);
    expect(sizes.filter((s) => s === 4).length).toBeGreaterThan(70);
  });

  it('is a function of the seed and the options', () => {
    const a = [...generateCountdown({ seed: 11, count: 20 })];
    expect([...generateCountdown({ seed: 11, count: 20 })]).toEqual(a);
    expect([...generateCountdown({ seed: 12, count: 20 })]).not.toEqual(a);
    expect([...generateCountdown({ seed: 11, count: 10 })]).toEqual(a.slice(0, 10));
  });

  it('honours custom ranges, up to six numbers, and counts solutions on request', () => {
    const options = {
      seed: 5,
      count: 4,
      minCount: 6,
      maxCount: 6,
      minNumber: 1,
      maxNumber: 25,
      minTarget: 100,
      maxTarget: 999,
    };
    const instances = [...generateCountdown(options, { withSolutionCounts: true })];
    for (const { numbers, target, solutions } of instances) {
      expect(numbers).toHaveLength(6);
      expect(target >= 100 && target <= 999).toBe(true);
      expect(solutions).toBe(countSolutions(numbers, target));
      expect(solutions).toBeGreaterThan(0);
    }
  });

  it('fails loudly when no instance in the ranges is solvable', () => {
    const impossible = {
      seed: 1,
      count: 1,
      minCount: 3,
      maxCount: 3,
      minNumber: 1,
      maxNumber: 1,
      minTarget: 50,
      maxTarget: 50,
      maxAttempts: 20,
    };
    expect(() => [...generateCountdown(impossible)]).toThrow(
      'no solvable 3-number countdown instance in 20 draws; widen the ranges',
    );
  });

  it('rejects bad ranges', () => {
    expect(() => [...generateCountdown({ seed: 1, count: 1, minCount: 2, maxCount: 7 })]).toThrow(RangeError);
    expect(() => [...generateCountdown({ seed: 1, count: 1, minNumber: 10, maxNumber: 5 })]).toThrow(
      RangeError,
    );
  });
});

describe('generateCountdownProblems', () => {
  it('builds problems with ids and prompts', () => {
    const problems = generateCountdownProblems({
      seed: 9,
      count: 3,
      idPrefix: 'countdown/demo',
      template: 'chat',
    });
    const instances = [...generateCountdown({ seed: 9, count: 3 })];
    expect(problems).toEqual(
      instances.map(({ index, target, numbers }) => ({
        id: `countdown/demo/${index}`,
        task: 'countdown',
        prompt: countdownPrompt({ target, numbers }, 'chat'),
        reference: { target, numbers },
      })),
    );
    expect(generateCountdownProblems({ seed: 9, count: 1 })[0]!.id).toBe('countdown/v1/0');
  });
});
