import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverageSplit, exactMcNemar } from './coverage-test.js';

const binomialTail = (m: number, upTo: number) => {
  // direct sum with exact binomial coefficients, for small m
  let choose = 1;
  let sum = 0;
  for (let i = 0; i <= upTo; i++) {
    if (i > 0) choose = (choose * (m - i + 1)) / i;
    sum += choose;
  }
  return sum / 2 ** m;
};

describe('exactMcNemar', () => {
  it('gives the textbook values', () => {
    // 1 against 9 discordant pairs: 2 * P(X <= 1), X ~ Bin(10, 1/2) = 2 * 11 / 1024
    expect(exactMcNemar(1, 9).p_value).toBeCloseTo(22 / 1024, 12);
    expect(exactMcNemar(9, 1).p_value).toBeCloseTo(22 / 1024, 12);
    expect(exactMcNemar(0, 0)).toEqual({ only_a: 0, only_b: 0, p_value: 1 });
    expect(exactMcNemar(5, 5).p_value).toBe(1);
    expect(exactMcNemar(0, 6).p_value).toBeCloseTo(2 / 64, 12);
  });

  it('agrees with the direct binomial sum, and stays finite far past where 2^-m underflows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), (a, b) => {
        const expected = a + b === 0 ? 1 : Math.min(1, 2 * binomialTail(a + b, Math.min(a, b)));
        expect(exactMcNemar(a, b).p_value).toBeCloseTo(expected, 10);
      }),
    );
    const large = exactMcNemar(1000, 1100).p_value;
    expect(large).toBeGreaterThan(0.02);
    expect(large).toBeLessThan(0.04);
    expect(exactMcNemar(600, 600).p_value).toBe(1);
  });
});

describe('coverageSplit', () => {
  it('puts each paired problem in one of four groups by whether any sample solved it', () => {
    const a = [
      { problem_id: 'p1', n: 4, c: 1 },
      { problem_id: 'p2', n: 4, c: 0 },
      { problem_id: 'p3', n: 4, c: 4 },
      { problem_id: 'p4', n: 4, c: 0 },
    ];
    const b = [
      { problem_id: 'p1', n: 8, c: 0 },
      { problem_id: 'p2', n: 8, c: 3 },
      { problem_id: 'p3', n: 8, c: 1 },
      { problem_id: 'p4', n: 8, c: 0 },
    ];
    expect(coverageSplit(a, b)).toEqual({ only_a: ['p1'], only_b: ['p2'], both: ['p3'], neither: ['p4'] });
  });
});
