// Expected values are CPython 3.11's results on the same operations.
import { describe, expect, it } from 'vitest';
import { bitLength, positivePower, ratioToDouble } from './exact-float.js';
import { intTrueDivide, PythonError, power } from './python-numbers.js';

describe('bitLength', () => {
  it('is exact around powers of two and for big ints', () => {
    expect([0n, 1n, 2n, 3n, 4n, -255n, 256n].map(bitLength)).toEqual([0, 1, 2, 2, 3, 8, 9]);
    expect(bitLength(2n ** 53n - 1n)).toBe(53);
    expect(bitLength(2n ** 53n)).toBe(54);
    expect(bitLength(2n ** 5000n - 1n)).toBe(5000);
    expect(bitLength(2n ** 5000n)).toBe(5001);
  });
});

describe('ratioToDouble and int / int', () => {
  it('rounds half to even like CPython', () => {
    expect(ratioToDouble(2n ** 53n + 1n, 1n, 0)).toBe(9007199254740992);
    expect(ratioToDouble(2n ** 53n + 3n, 1n, 0)).toBe(9007199254740996);
    expect(intTrueDivide(2n ** 60n, 3n)).toBe(3.843071682022823e17);
    expect(intTrueDivide(10n ** 30n + 1n, 10n ** 15n)).toBe(1e15);
    expect(intTrueDivide(-(10n ** 400n), 10n ** 399n)).toBe(-10);
  });

  it('handles subnormals and underflow', () => {
    expect(intTrueDivide(1n, 2n ** 1074n)).toBe(5e-324);
    expect(intTrueDivide(3n, 2n ** 1075n)).toBe(1e-323);
    expect(intTrueDivide(1n, 2n ** 1075n)).toBe(0);
    expect(intTrueDivide(1n, 10n ** 400n)).toBe(0);
  });

  it('overflows exactly where CPython does', () => {
    expect(intTrueDivide(2n ** 1024n - 2n ** 971n, 1n)).toBe(1.7976931348623157e308);
    expect(() => intTrueDivide(2n ** 1024n - 2n ** 970n, 1n)).toThrow(PythonError);
    expect(() => intTrueDivide(1n, 0n)).toThrow(PythonError);
  });
});

describe('pow like glibc (correctly rounded), not like V8', () => {
  it('computes integer exponents exactly', () => {
    expect(positivePower(10, -5)).toBe(1e-5);
    expect(positivePower(6, -6)).toBe(2.143347050754458e-5);
    expect(positivePower(2, 1023)).toBe(8.98846567431158e307);
    expect(positivePower(2, 1024)).toBe(Number.POSITIVE_INFINITY);
    expect(positivePower(0.5, 1074)).toBe(5e-324);
  });

  it('rounds fractional exponents correctly', () => {
    expect(positivePower(2, 1.5)).toBe(2.8284271247461903);
    expect(positivePower(2, -0.5)).toBe(Math.SQRT1_2);
    expect(positivePower(0.1, 0.1)).toBe(0.7943282347242815);
    expect(positivePower(7, 1 / 3)).toBe(1.912931182772389);
  });

  it('feeds floor division the same value as CPython', () => {
    expect(power(10n, -5n)).toBe(1e-5);
    expect(power(2n, 1.5)).toBe(2.8284271247461903);
    expect(() => power(0n, -1n)).toThrow(PythonError);
    expect(power(-8.0, 1 / 3)).toEqual({ re: 1.0000000000000002, im: 1.7320508075688772 });
  });
});
