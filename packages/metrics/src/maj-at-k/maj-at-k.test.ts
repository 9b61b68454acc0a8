import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricsError } from '../errors.js';
import { binomial, ratioToNumber } from '../pass-at-k/test-exact.js';
import { type AnswerGroup, majAtK, majAtKFromGroups, pluralityAnswer } from './maj-at-k.js';

/** Reference: enumerate every size-k subset (bitmask) and vote, splitting ties evenly. */
function bruteForceMajAtK(
  answers: ReadonlyArray<string | null>,
  correctAnswers: ReadonlyArray<string>,
  k: number,
): number {
  const n = answers.length;
  let credit = 0;
  let subsets = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    if (popcount(mask) !== k) continue;
    subsets++;
    const votes = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const answer = answers[i];
      if (mask & (1 << i) && answer !== null && answer !== undefined) {
        votes.set(answer, (votes.get(answer) ?? 0) + 1);
      }
    }
    const top = Math.max(0, ...votes.values());
    const tied = [...votes].filter(([, v]) => v === top && top > 0);
    if (tied.length > 0) credit += tied.filter(([a]) => correctAnswers.includes(a)).length / tied.length;
  }
  return credit / subsets;
}

function popcount(x: number): number {
  let bits = 0;
  for (let v = x; v; v &= v - 1) bits++;
  return bits;
}

describe('majAtK', () => {
  it('scores a worked example: answers A A B null, A correct', () => {
    const answers = ['A', 'A', 'B', null];
    // k=2 over 6 pairs: AA win, AB x2 tie (1/2 each), A-null x2 win, B-null lose => (1 + 1 + 2) / 6
    expect(majAtK(answers, 'A', 2)).toBeCloseTo(4 / 6, 14);
    expect(majAtK(answers, 'A', 1)).toBeCloseTo(2 / 4, 14);
    expect(majAtK(answers, 'B', 4)).toBe(0);
    expect(majAtK(answers, 'A', 4)).toBe(1);
  });

  it('matches brute-force subset enumeration for small n', () => {
    const sample = fc.record({
      answers: fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { nil: null, freq: 4 }), {
        minLength: 1,
        maxLength: 12,
      }),
      correct: fc.subarray(['a', 'b', 'c']),
      kFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(sample, ({ answers, correct, kFraction }) => {
        const k = Math.max(1, Math.ceil(kFraction * answers.length));
        const exact = bruteForceMajAtK(answers, correct, k);
        const flags = answers.map((a) => a !== null && correct.includes(a));
        expect(Math.abs(majAtK(answers, flags, k) - exact)).toBeLessThan(1e-12);
        if (correct.length === 1)
          expect(Math.abs(majAtK(answers, correct[0] as string, k) - exact)).toBeLessThan(1e-12);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('equals pass@1 = c/n at k = 1', () => {
    const answers = ['7', '7', '8', null, '9', '7'];
    expect(majAtK(answers, '7', 1)).toBeCloseTo(3 / 6, 14);
  });

  it('reads per-sample flags: an answer is correct only if every sample giving it was', () => {
    expect(majAtK(['x', 'x', 'y'], [true, true, false], 3)).toBe(1);
    expect(majAtK(['x', 'x', 'y'], [true, false, false], 3)).toBe(0);
    expect(() => majAtK(['x'], [true, false], 1)).toThrow(MetricsError);
  });

  it('rejects k > n and counts only voting samples as absent', () => {
    expect(() => majAtK(['a', 'b'], 'a', 3)).toThrow(/k=3 with n=2/);
    expect(majAtK([null, null], 'a', 1)).toBe(0);
  });

  it('is exact and monotone for n = 1024 with k up to n', () => {
    // 600 correct, a 300-strong wrong answer, 100 scattered answers, 24 unparsed.
    const groups: AnswerGroup[] = [
      { count: 600, correct: true },
      { count: 300, correct: false },
      ...Array.from({ length: 50 }, () => ({ count: 2, correct: false })),
    ];
    const values = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1023, 1024].map((k) =>
      majAtKFromGroups(groups, 24, k),
    );
    expect(values[0]).toBeCloseTo(600 / 1024, 12);
    // k = 2: both votes for the right answer, or one for it and one tie-split or unparsed vote.
    const pairs = (1024 * 1023) / 2;
    expect(values[1]).toBeCloseTo(((600 * 599) / 2 + (600 * 400) / 2 + 600 * 24) / pairs, 12);
    expect(values[11]).toBe(1);
    for (let i = 1; i < values.length; i++) {
      expect(values[i]).toBeGreaterThanOrEqual((values[i - 1] as number) - 1e-12);
    }
  });

  it('gives 1/G for G equally frequent answers, one of them right (symmetry), at n = 1024', () => {
    for (const [answers, each] of [
      [32, 32],
      [512, 2],
      [8, 128],
    ] as const) {
      const groups = Array.from({ length: answers }, (_, i) => ({ count: each, correct: i === 0 }));
      for (const k of [3, 128, 512, 1000])
        expect(majAtKFromGroups(groups, 0, k)).toBeCloseTo(1 / answers, 13);
    }
  });

  it('handles many distinct answers (every sample different) at n = 1024', () => {
    const groups: AnswerGroup[] = Array.from({ length: 1024 }, (_, i) => ({ count: 1, correct: i === 0 }));
    // All answers tie at one vote each, so the random tie-break makes every maj@k equal 1/k * (k/n) = 1/n.
    for (const k of [1, 2, 64, 512, 1000, 1024]) {
      expect(majAtKFromGroups(groups, 0, k)).toBeCloseTo(1 / 1024, 13);
    }
  });
});

/** Exact maj@k (BigInt) for a right answer (a votes), a wrong one (b votes) and u unparsed samples. */
function exactTwoAnswers(a: number, b: number, u: number, k: number): number {
  const row = (m: number) => Array.from({ length: k + 1 }, (_, j) => binomial(m, j));
  const [rowA, rowB, rowU] = [row(a), row(b), row(u)];
  let twice = 0n; // twice the credit, so that even ties stay integral
  for (let x = 0; x <= Math.min(a, k); x++) {
    for (let y = 0; y <= Math.min(b, k - x); y++) {
      const weight = (rowA[x] as bigint) * (rowB[y] as bigint) * (rowU[k - x - y] as bigint);
      if (x > y) twice += 2n * weight;
      else if (x === y && x > 0) twice += weight;
    }
  }
  return ratioToNumber(twice, 2n * binomial(a + b + u, k));
}

/** Exact maj@k (BigInt) by enumerating vote counts per answer, each weighted by its number of subsets. */
function exactByCounts(groups: ReadonlyArray<AnswerGroup>, noAnswer: number, k: number): number {
  const scale = 60n; // lcm(1..5): ties among up to 5 answers stay integral
  let credit = 0n;
  const visit = (index: number, left: number, weight: bigint, votes: number[]): void => {
    if (index === groups.length) {
      if (left > noAnswer) return;
      const top = Math.max(0, ...votes);
      if (top === 0) return;
      const tied = groups.filter((_, j) => votes[j] === top);
      const right = tied.filter((g) => g.correct).length;
      credit += (weight * binomial(noAnswer, left) * scale * BigInt(right)) / BigInt(tied.length);
      return;
    }
    const count = (groups[index] as AnswerGroup).count;
    for (let x = 0; x <= Math.min(count, left); x++) {
      visit(index + 1, left - x, weight * binomial(count, x), [...votes, x]);
    }
  };
  visit(0, k, 1n, []);
  const n = noAnswer + groups.reduce((sum, g) => sum + g.count, 0);
  return ratioToNumber(credit, scale * binomial(n, k));
}

describe('majAtK at larger n against exact rationals', () => {
  it('matches exact vote-count enumeration for up to 5 answers and n up to 130', () => {
    const problem = fc.record({
      groups: fc.array(fc.record({ count: fc.integer({ min: 1, max: 25 }), correct: fc.boolean() }), {
        minLength: 1,
        maxLength: 5,
      }),
      noAnswer: fc.integer({ min: 0, max: 5 }),
      kFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(problem, ({ groups, noAnswer, kFraction }) => {
        const n = noAnswer + groups.reduce((sum, g) => sum + g.count, 0);
        const k = Math.max(1, Math.ceil(kFraction * n));
        expect(
          Math.abs(majAtKFromGroups(groups, noAnswer, k) - exactByCounts(groups, noAnswer, k)),
        ).toBeLessThan(1e-12);
      }),
      { numRuns: 60, seed: 3 },
    );
  });

  it('is exact to 1e-12 in a close race between two answers', () => {
    for (const [a, b, u, k] of [
      [120, 110, 70, 101],
      [150, 150, 0, 151],
      [400, 390, 234, 512],
      [3, 2, 295, 40],
    ] as const) {
      const groups = [
        { count: a, correct: true },
        { count: b, correct: false },
      ];
      expect(Math.abs(majAtKFromGroups(groups, u, k) - exactTwoAnswers(a, b, u, k))).toBeLessThan(1e-12);
    }
  });
});

describe('pluralityAnswer', () => {
  it('picks the most frequent answer, breaking ties by sort order', () => {
    expect(
      pluralityAnswer([
        ['b', 2],
        ['a', 2],
        ['c', 1],
      ]),
    ).toBe('a');
    expect(pluralityAnswer([])).toBeNull();
  });
});
