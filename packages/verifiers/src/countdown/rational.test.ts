import { describe, expect, it } from 'vitest';
import { Rational } from './rational.js';

const r = Rational.from;

describe('Rational', () => {
  it('normalises sign and common factors', () => {
    expect(r(6, -4)).toEqual({ num: -3n, den: 2n });
    expect(r(0, -5)).toEqual({ num: 0n, den: 1n });
    expect(r(10n, 5n)).toEqual({ num: 2n, den: 1n });
  });

  it('adds, subtracts, multiplies and divides exactly', () => {
    expect(Rational.add(r(1, 3), r(1, 6))).toEqual(r(1, 2));
    expect(Rational.sub(r(1, 3), r(1, 2))).toEqual(r(-1, 6));
    expect(Rational.mul(r(7, 3), r(9))).toEqual(r(21));
    expect(Rational.div(r(1), r(3))).toEqual(r(1, 3));
    expect(Rational.mul(Rational.div(r(1), r(3)) as Rational, r(3))).toEqual(Rational.ONE);
  });

  it('returns null for division by zero', () => {
    expect(Rational.div(r(5), Rational.ZERO)).toBeNull();
    expect(Rational.div(Rational.ZERO, r(-2))).toEqual(Rational.ZERO);
  });

  it('compares and tests equality', () => {
    expect(Rational.compare(r(1, 3), r(1, 2))).toBe(-1);
    expect(Rational.compare(r(-1, 2), r(-2, 3))).toBe(1);
    expect(Rational.compare(r(2, 4), r(1, 2))).toBe(0);
    expect(Rational.equals(r(2, 4), r(1, 2))).toBe(true);
    expect(Rational.equals(r(1, 3), r(1, 2))).toBe(false);
  });

  it('stays exact beyond 2^53', () => {
    const big = r(2n ** 64n + 1n);
    expect(Rational.toString(Rational.sub(Rational.mul(big, big), Rational.mul(big, big)))).toBe('0');
    expect(Rational.toString(Rational.div(big, r(2)) as Rational)).toBe('18446744073709551617/2');
  });

  it('formats, converts and tells integers apart', () => {
    expect(Rational.toString(r(-7, 3))).toBe('-7/3');
    expect(Rational.toNumber(r(1, 4))).toBe(0.25);
    expect(Rational.isInteger(r(4, 2))).toBe(true);
    expect(Rational.isInteger(r(1, 2))).toBe(false);
    expect(Rational.neg(r(1, 2))).toEqual(r(-1, 2));
  });

  it('rejects a zero denominator and non-integer parts when building', () => {
    expect(() => r(1, 0)).toThrow(RangeError);
    expect(() => r(1.5)).toThrow(RangeError);
  });
});
