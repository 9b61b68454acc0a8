import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricsError } from '../errors.js';
import {
  coverage,
  passAtK,
  passAtKCurve,
  passAtKPoints,
  passAtKSamplingVariance,
  passHatK,
  passHatKCurve,
} from './pass-at-k.js';
import { binomial, exactPassAtKCurve, ratioToNumber, relativeError } from './test-exact.js';

const nAndC = (maxN: number) =>
  fc
    .integer({ min: 1, max: maxN })
    .chain((n) => fc.record({ n: fc.constant(n), c: fc.integer({ min: 0, max: n }) }));
const nCK = (maxN: number) =>
  nAndC(maxN).chain(({ n, c }) =>
    fc.record({ n: fc.constant(n), c: fc.constant(c), k: fc.integer({ min: 1, max: n }) }),
  );

function maxRelativeError(n: number, c: number): number {
  const exact = exactPassAtKCurve(n, c);
  const curve = passAtKCurve(n, c);
  let worst = 0;
  exact.forEach((value, i) => {
    worst = Math.max(worst, relativeError(curve[i] as number, value));
  });
  return worst;
}

describe('passAtK identities (property tests)', () => {
  it('pass@1 = c/n', () => {
    fc.assert(
      fc.property(nAndC(4096), ({ n, c }) => {
        expect(passAtK(n, c, 1)).toBe(c / n);
        expect(passAtKCurve(n, c)[0]).toBe(c / n);
      }),
    );
  });

  it('c = 0 gives 0, c = n gives 1, k > n - c gives exactly 1', () => {
    fc.assert(
      fc.property(nCK(4096), ({ n, c, k }) => {
        expect(passAtK(n, 0, k)).toBe(0);
        expect(passAtK(n, n, k)).toBe(1);
        if (k > n - c) expect(passAtK(n, c, k)).toBe(1);
      }),
    );
  });

  it('is monotone in k and in c, and stays within [0, 1]', () => {
    fc.assert(
      fc.property(nCK(2048), ({ n, c, k }) => {
        const value = passAtK(n, c, k);
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
        if (k < n) expect(passAtK(n, c, k + 1)).toBeGreaterThanOrEqual(value);
        if (c < n) expect(passAtK(n, c + 1, k)).toBeGreaterThanOrEqual(value);
      }),
    );
  });

  it('the O(n) curve agrees with the point estimator at every k', () => {
    fc.assert(
      fc.property(nAndC(600), ({ n, c }) => {
        const curve = passAtKCurve(n, c);
        expect(curve.length).toBe(n);
        for (let k = 1; k <= n; k++) expect(curve[k - 1]).toBe(passAtK(n, c, k));
        for (let k = 2; k <= n; k++) expect(curve[k - 1]).toBeGreaterThanOrEqual(curve[k - 2] as number);
      }),
      { numRuns: 50 },
    );
  });
});

describe('passAtK accuracy against exact BigInt rationals', () => {
  it('is within 1e-12 relative error on whole curves, n <= 2048 (random n, c)', () => {
    fc.assert(
      fc.property(nAndC(2048), ({ n, c }) => {
        expect(maxRelativeError(n, c)).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 25, seed: 42 },
    );
  });

  it('is within 1e-12 on the hardest cases: few correct samples, n = 4096', () => {
    for (const [n, c] of [
      [4096, 1],
      [4096, 2],
      [4096, 3],
      [4096, 4095],
      [2048, 1],
      [2048, 7],
      [2047, 1024],
    ] as const) {
      expect(maxRelativeError(n, c)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('matches hand values', () => {
    expect(passAtK(4, 1, 2)).toBeCloseTo(0.5, 15); // 1 - C(3,2)/C(4,2) = 1 - 3/6
    expect(passAtK(10, 3, 3)).toBeCloseTo(1 - 35 / 120, 15);
    expect(passAtK(5, 2, 4)).toBe(1);
  });
});

describe('passAtK arguments', () => {
  it('rejects k > n instead of returning 1', () => {
    expect(() => passAtK(16, 3, 17)).toThrow(MetricsError);
    expect(() => passAtK(16, 3, 17)).toThrow('pass@k needs k <= n: got k=17 with n=16 samples');
  });

  it('rejects any k > 1 with one sample per problem', () => {
    expect(passAtK(1, 1, 1)).toBe(1);
    expect(() => passAtK(1, 1, 2)).toThrow(/one sample per problem only supports k=1/);
  });

  it('rejects c > n, negative and fractional counts', () => {
    expect(() => passAtK(4, 5, 1)).toThrow(/c=5 correct samples exceed n=4/);
    expect(() => passAtK(4, -1, 1)).toThrow(MetricsError);
    expect(() => passAtK(4, 1, 1.5)).toThrow(MetricsError);
    expect(() => passAtK(0, 0, 1)).toThrow(MetricsError);
  });
});

describe('passHatK', () => {
  it('equals C(c,k)/C(n,k) exactly to 1e-12', () => {
    fc.assert(
      fc.property(nCK(300), ({ n, c, k }) => {
        const exact = ratioToNumber(binomial(c, k), binomial(n, k));
        expect(relativeError(passHatK(n, c, k), exact)).toBeLessThanOrEqual(1e-12);
        expect(passHatKCurve(n, c)[k - 1]).toBe(passHatK(n, c, k));
      }),
    );
  });

  it('is c/n at k = 1 and 0 once k > c', () => {
    expect(passHatK(8, 6, 1)).toBe(0.75);
    expect(passHatK(8, 6, 7)).toBe(0);
    expect(() => passHatK(8, 6, 9)).toThrow(/pass\^k needs k <= n/);
  });
});

describe('sampling variance of the pass@k estimator', () => {
  it('is unbiased: its mean over c ~ Binomial(n, p) equals the variance of the estimator', () => {
    for (const [n, k, p] of [
      [20, 5, 0.3],
      [16, 8, 0.05],
      [12, 2, 0.7],
    ] as const) {
      let meanEstimate = 0;
      let meanEstimator = 0;
      let meanSquare = 0;
      for (let c = 0; c <= n; c++) {
        const weight = Number(binomial(n, c)) * p ** c * (1 - p) ** (n - c);
        const value = passAtK(n, c, k);
        meanEstimate += weight * (passAtKSamplingVariance(n, c, k) as number);
        meanEstimator += weight * value;
        meanSquare += weight * value * value;
      }
      expect(meanEstimate).toBeCloseTo(meanSquare - meanEstimator ** 2, 14);
    }
  });

  it('is null when 2k > n, 0 when c is 0 or n', () => {
    expect(passAtKSamplingVariance(10, 3, 6)).toBeNull();
    expect(passAtKSamplingVariance(10, 0, 5)).toBe(0);
    expect(passAtKSamplingVariance(10, 10, 5)).toBe(0);
    // n = 4, c = 2, k = 1: r1^2 - r2 = (1/2)^2 - 1/6
    expect(passAtKSamplingVariance(4, 2, 1)).toBeCloseTo(0.25 - 1 / 6, 15);
  });

  it('passAtKPoints gives the same values as the point functions', () => {
    const { pass, variance } = passAtKPoints(64, 5, [1, 4, 32, 64]);
    expect([...pass]).toEqual([1, 4, 32, 64].map((k) => passAtK(64, 5, k)));
    expect(variance[0]).toBeCloseTo(passAtKSamplingVariance(64, 5, 1) as number, 16);
    expect(variance[2]).toBeCloseTo(passAtKSamplingVariance(64, 5, 32) as number, 16);
    expect(variance[3]).toBeNull();
  });
});

describe('coverage', () => {
  it('is the fraction of problems with a correct sample', () => {
    expect(
      coverage([
        { n: 4, c: 0 },
        { n: 4, c: 1 },
        { n: 8, c: 8 },
        { n: 2, c: 0 },
      ]),
    ).toBe(0.5);
    expect(() => coverage([])).toThrow(MetricsError);
  });
});
