// Exact rational numbers over BigInt, shared by the `exact` Countdown verifier and the Countdown solver in
// packages/tasks. Values are immutable and always normalised (den > 0, gcd(|num|, den) = 1), so two equal
// numbers have equal fields and `equals` is a field comparison.

/** An exact rational number num/den with den > 0 and gcd(|num|, den) = 1. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

function normalise(num: bigint, den: bigint): Rational {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  if (den === 1n) return { num, den };
  const g = gcd(num, den);
  return g === 1n ? { num, den } : { num: num / g, den: den / g };
}

function toBigInt(value: bigint | number): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value))
    throw new RangeError(`Rational parts must be safe integers, got ${value}`);
  return BigInt(value);
}

/** Builds num/den; throws RangeError for a zero denominator or a non-integer part (a caller's mistake). */
function from(num: bigint | number, den: bigint | number = 1n): Rational {
  const d = toBigInt(den);
  if (d === 0n) throw new RangeError('Rational denominator must not be zero');
  return normalise(toBigInt(num), d);
}

function add(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return { num: a.num + b.num, den: 1n };
  return normalise(a.num * b.den + b.num * a.den, a.den * b.den);
}

function sub(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return { num: a.num - b.num, den: 1n };
  return normalise(a.num * b.den - b.num * a.den, a.den * b.den);
}

function mul(a: Rational, b: Rational): Rational {
  if (a.den === 1n && b.den === 1n) return { num: a.num * b.num, den: 1n };
  return normalise(a.num * b.num, a.den * b.den);
}

/** a / b, or null when b is zero (division by zero is a verdict, not an exception). */
function div(a: Rational, b: Rational): Rational | null {
  if (b.num === 0n) return null;
  return normalise(a.num * b.den, a.den * b.num);
}

function neg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}

/** -1, 0 or 1 as a is less than, equal to or greater than b. */
function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.num * b.den;
  const right = b.num * a.den;
  return left < right ? -1 : left > right ? 1 : 0;
}

function equals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

function isInteger(a: Rational): boolean {
  return a.den === 1n;
}

/** "7" for integers, "7/3" otherwise. */
function format(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num}/${a.den}`;
}

/** Nearest double (for display and sorting only; never for deciding correctness). */
function toNumber(a: Rational): number {
  return Number(a.num) / Number(a.den);
}

/** Rational arithmetic helpers: `Rational.add(a, b)`, `Rational.div(a, b) ?? 'division by zero'`, ... */
export const Rational = Object.freeze({
  ZERO: Object.freeze({ num: 0n, den: 1n }) as Rational,
  ONE: Object.freeze({ num: 1n, den: 1n }) as Rational,
  from,
  add,
  sub,
  mul,
  div,
  neg,
  compare,
  equals,
  isInteger,
  toString: format,
  toNumber,
});
