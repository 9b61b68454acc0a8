// Exact rationals over JS numbers, with a BigInt slow path when an intermediate product overflows. Every
// operation returns null instead of a value whose reduced numerator or denominator is not a safe integer,
// so a result is either exact or absent, never rounded.

export interface Rational {
  /** Numerator; carries the sign. */
  readonly num: number;
  /** Denominator; always positive, coprime with the numerator. */
  readonly den: number;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

function reduce(num: number, den: number): Rational {
  const g = gcd(num, den) || 1;
  const sign = den < 0 ? -1 : 1;
  // `+ 0` turns -0 into 0 so that equal values have equal keys.
  return { num: (sign * num) / g + 0, den: (sign * den) / g };
}

function bigGcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

// The slow path, taken only when an intermediate product leaves the safe range: the reduced value may
// still fit, and an exact answer matters more than speed there.
function reduceWide(num: bigint, den: bigint): Rational | null {
  const g = bigGcd(num, den) || 1n;
  const sign = den < 0n ? -1n : 1n;
  const n = (sign * num) / g;
  const d = (sign * den) / g;
  if (n > MAX_SAFE || -n > MAX_SAFE || d > MAX_SAFE) return null;
  return { num: Number(n) + 0, den: Number(d) };
}

const safe = Number.isSafeInteger;

export function integer(n: number): Rational {
  if (!safe(n)) throw new RangeError(`not a safe integer: ${n}`);
  return { num: n, den: 1 };
}

function addScaled(a: Rational, b: Rational, sign: 1 | -1): Rational | null {
  const left = a.num * b.den;
  const right = sign * b.num * a.den;
  const den = a.den * b.den;
  // Products and sums of safe integers are exact exactly when the result is itself safe.
  if (safe(left) && safe(right) && safe(left + right) && safe(den)) return reduce(left + right, den);
  const wideNum = BigInt(a.num) * BigInt(b.den) + BigInt(sign) * BigInt(b.num) * BigInt(a.den);
  return reduceWide(wideNum, BigInt(a.den) * BigInt(b.den));
}

export function add(a: Rational, b: Rational): Rational | null {
  return addScaled(a, b, 1);
}

export function subtract(a: Rational, b: Rational): Rational | null {
  return addScaled(a, b, -1);
}

function multiplyParts(an: number, ad: number, bn: number, bd: number): Rational | null {
  const num = an * bn;
  const den = ad * bd;
  if (safe(num) && safe(den)) return reduce(num, den);
  return reduceWide(BigInt(an) * BigInt(bn), BigInt(ad) * BigInt(bd));
}

export function multiply(a: Rational, b: Rational): Rational | null {
  return multiplyParts(a.num, a.den, b.num, b.den);
}

/** Null for division by zero as well as for a result outside the safe range. */
export function divide(a: Rational, b: Rational): Rational | null {
  if (b.num === 0) return null;
  return multiplyParts(a.num, a.den, b.den, b.num);
}

export function isZero(a: Rational): boolean {
  return a.num === 0;
}

/** A Map key: the integer itself, or "num/den" for a fraction. Equal values have equal keys. */
export function rationalKey(a: Rational): number | string {
  return a.den === 1 ? a.num : `${a.num}/${a.den}`;
}

export function equalsInteger(a: Rational, n: number): boolean {
  return a.den === 1 && a.num === n;
}

/** "7", "-3" or "7/2". */
export function formatRational(a: Rational): string {
  return a.den === 1 ? String(a.num) : `${a.num}/${a.den}`;
}
