import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  divide,
  formatRational,
  integer,
  multiply,
  type Rational,
  rationalKey,
  subtract,
} from './rational.js';

// An independent BigInt reference: reduce p/q and compare with what the number-based code returns.
function bigReduce(p: bigint, q: bigint): string | null {
  if (q === 0n) return null;
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));
  let g = gcd(p, q);
  if (q < 0n) g = -g;
  const [n, d] = [p / g, q / g];
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  if (n > max || -n > max || d > max) return null;
  return d === 1n ? `${n}` : `${n}/${d}`;
}

const rational = fc
  .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }))
  .map(([n, d]) => divide(integer(n), integer(d)) as Rational);

function shown(r: Rational | null): string | null {
  return r === null ? null : formatRational(r);
}

describe('rational arithmetic', () => {
  it('reduces and normalises signs', () => {
    expect(divide(integer(6), integer(-4))).toEqual({ num: -3, den: 2 });
    expect(subtract(integer(3), integer(3))).toEqual({ num: 0, den: 1 });
    expect(Object.is(multiply(integer(0), integer(-5))!.num, 0)).toBe(true);
    expect(rationalKey(divide(integer(4), integer(2))!)).toBe(2);
    expect(rationalKey(divide(integer(1), integer(3))!)).toBe('1/3');
  });

  it('returns null for division by zero', () => {
    expect(divide(integer(1), integer(0))).toBeNull();
  });

  it('agrees with BigInt arithmetic, including past the fast path', () => {
    fc.assert(
      fc.property(rational, rational, (a, b) => {
        const [p, q, r, s] = [a.num, a.den, b.num, b.den].map(BigInt) as [bigint, bigint, bigint, bigint];
        expect(shown(add(a, b))).toBe(bigReduce(p * s + r * q, q * s));
        expect(shown(subtract(a, b))).toBe(bigReduce(p * s - r * q, q * s));
        expect(shown(multiply(a, b))).toBe(bigReduce(p * r, q * s));
        expect(shown(divide(a, b))).toBe(bigReduce(p * s, q * r));
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('keeps a result whose intermediate overflows but whose reduced value fits', () => {
    const big = 2 ** 40;
    // (2^40 / 3) * (3 / 2^40) = 1, though 2^40 * 3 * 2^40 is far beyond 2^53.
    const a = divide(integer(big), integer(3))!;
    const b = divide(integer(3), integer(big))!;
    expect(multiply(a, b)).toEqual({ num: 1, den: 1 });
    expect(multiply(integer(big), integer(big))).toBeNull();
  });
});
