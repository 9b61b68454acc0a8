// CPython 3.11's arithmetic on int, float and complex, for the operators reachable from the references'
// whitelist: + - * / // ** and unary + -. Ported from Objects/longobject.c, floatobject.c and
// complexobject.c so that every result, special case and exception matches. Real powers are correctly
// rounded (exact-float.ts) like glibc's pow in all but its rare near-halfway cases; complex powers use
// Math.hypot/atan2/cos/sin/exp/log, which may differ from libm in the last bit (complex results are only
// ever compared with the 1e-5 tolerance, so this matters only at the exact edge of it).
//
// Python ints are exact and unbounded; CPython would take minutes or hours on a power tower such as
// 9**9**9 (the references then never answer). We compute ints exactly while each stays below
// MAX_INT_BITS bits and the total work stays below WORK_BUDGET_BITS; past that we stop with `TooBig` and
// the verdict is "not correct", which is what the reference gives in every case that it finishes in
// reasonable time except one that builds a multi-million-bit int and then cancels it (e.g.
// `98 + 1/9**9**8`): CPython needs seconds to minutes for such an int, and no Countdown answer needs one.
import { bitLength, positivePower, ratioToDouble } from './exact-float.js';

/** A Python complex number. */
export interface Complex {
  re: number;
  im: number;
}

/** int is bigint, float is number, complex is Complex. */
export type PythonNumber = bigint | number | Complex;

export type PythonErrorKind = 'ZeroDivisionError' | 'OverflowError' | 'TypeError' | 'TooBig';

export class PythonError extends Error {
  constructor(readonly kind: PythonErrorKind) {
    super(kind);
  }
}

/** Largest int we build (2^22 bits, about 1.26 million decimal digits). */
export const MAX_INT_BITS = 2 ** 22;
/** Total bits of int results (plus operand bits for * / //) one evaluation may produce. */
export const WORK_BUDGET_BITS = 2 ** 24;

let workLeft = WORK_BUDGET_BITS;

/** Resets the work budget; call once before evaluating an expression. */
export function resetWorkBudget(): void {
  workLeft = WORK_BUDGET_BITS;
}

/** Spends `bits` of the work budget. */
function charge(bits: number): void {
  workLeft -= bits;
  if (workLeft < 0) throw new PythonError('TooBig');
}

/** Refuses to build an int of more than MAX_INT_BITS bits. */
function checkSize(bits: number): void {
  if (bits > MAX_INT_BITS) throw new PythonError('TooBig');
}

function isComplex(x: PythonNumber): x is Complex {
  return typeof x === 'object';
}

/** PyLong_AsDouble: correctly rounded, OverflowError when the result would not be finite. */
export function intToFloat(x: bigint): number {
  const value = Number(x);
  if (!Number.isFinite(value)) throw new PythonError('OverflowError');
  return value;
}

function toFloat(x: bigint | number): number {
  return typeof x === 'bigint' ? intToFloat(x) : x;
}

function toComplex(x: PythonNumber): Complex {
  return isComplex(x) ? x : { re: toFloat(x), im: 0 };
}

// ---------------------------------------------------------------- int / int (long_true_divide)

/** a / b correctly rounded to a double, as CPython's int true division. */
export function intTrueDivide(a: bigint, b: bigint): number {
  if (b === 0n) throw new PythonError('ZeroDivisionError');
  const negative = a < 0n !== b < 0n;
  const limit = 2n ** 53n;
  if (a <= limit && a >= -limit && b <= limit && b >= -limit) return Number(a) / Number(b);
  const n = a < 0n ? -a : a;
  const d = b < 0n ? -b : b;
  charge(bitLength(n) + bitLength(d));
  const value = ratioToDouble(n, d, 0);
  if (!Number.isFinite(value)) throw new PythonError('OverflowError');
  return negative ? -value : value;
}

// ---------------------------------------------------------------- float helpers

function copysign(magnitude: number, sign: number): number {
  const negative = sign < 0 || Object.is(sign, -0);
  return negative ? -Math.abs(magnitude) : Math.abs(magnitude);
}

function isOddInteger(x: number): boolean {
  return Math.abs(x) % 2 === 1;
}

/** float // float (float_floor_div via _float_div_mod). */
function floatFloorDivide(vx: number, wx: number): number {
  if (wx === 0) throw new PythonError('ZeroDivisionError');
  let mod = vx % wx; // JavaScript's % on numbers is C's fmod
  let div = (vx - mod) / wx;
  if (mod) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1.0;
    }
  }
  if (div) {
    let floorDiv = Math.floor(div);
    if (div - floorDiv > 0.5) floorDiv += 1.0;
    return floorDiv;
  }
  return copysign(0, vx / wx);
}

/** float ** float (float_pow), delegating negative ** fractional to complex like CPython. */
function floatPower(iv: number, iw: number): number | Complex {
  if (iw === 0) return 1.0;
  if (Number.isNaN(iv)) return iv;
  if (Number.isNaN(iw)) return iv === 1.0 ? 1.0 : iw;
  if (!Number.isFinite(iw)) {
    const magnitude = Math.abs(iv);
    if (magnitude === 1.0) return 1.0;
    return iw > 0 === magnitude > 1.0 ? Math.abs(iw) : 0.0;
  }
  if (!Number.isFinite(iv)) {
    const odd = isOddInteger(iw);
    if (iw > 0) return odd ? iv : Math.abs(iv);
    return odd ? copysign(0.0, iv) : 0.0;
  }
  if (iv === 0) {
    if (iw < 0) throw new PythonError('ZeroDivisionError');
    return isOddInteger(iw) ? iv : 0.0;
  }
  let negate = false;
  if (iv < 0) {
    if (iw !== Math.floor(iw)) return complexPower({ re: iv, im: 0 }, { re: iw, im: 0 });
    iv = -iv;
    negate = isOddInteger(iw);
  }
  if (iv === 1.0) return negate ? -1.0 : 1.0;
  const result = positivePower(iv, iw);
  if (!Number.isFinite(result)) throw new PythonError('OverflowError');
  return negate ? -result : result;
}

// ---------------------------------------------------------------- complex (complexobject.c)

function complexProduct(a: Complex, b: Complex): Complex {
  return { re: a.re * b.re - a.im * b.im, im: a.re * b.im + a.im * b.re };
}

/** _Py_c_quot; null for a zero divisor (errno EDOM). */
function complexQuotient(a: Complex, b: Complex): Complex | null {
  const absRe = Math.abs(b.re);
  const absIm = Math.abs(b.im);
  if (absRe >= absIm) {
    if (absRe === 0) return null;
    const ratio = b.im / b.re;
    const denominator = b.re + b.im * ratio;
    return { re: (a.re + a.im * ratio) / denominator, im: (a.im - a.re * ratio) / denominator };
  }
  if (absIm >= absRe) {
    const ratio = b.re / b.im;
    const denominator = b.re * ratio + b.im;
    return { re: (a.re * ratio + a.im) / denominator, im: (a.im * ratio - a.re) / denominator };
  }
  return { re: Number.NaN, im: Number.NaN };
}

function complexPowerUnsigned(x: Complex, n: number): Complex {
  let result: Complex = { re: 1, im: 0 };
  let power = x;
  for (let mask = 1; mask > 0 && n >= mask; mask *= 2) {
    if (Math.floor(n / mask) % 2 === 1) result = complexProduct(result, power);
    power = complexProduct(power, power);
  }
  return result;
}

/** complex_pow: small integer exponents by repeated multiplication, the rest by polar form. */
function complexPower(a: Complex, b: Complex): Complex {
  let result: Complex | null;
  if (b.im === 0 && b.re === Math.floor(b.re) && Math.abs(b.re) <= 100) {
    const n = b.re;
    result =
      n > 0 ? complexPowerUnsigned(a, n) : complexQuotient({ re: 1, im: 0 }, complexPowerUnsigned(a, -n));
  } else if (b.re === 0 && b.im === 0) {
    result = { re: 1, im: 0 };
  } else if (a.re === 0 && a.im === 0) {
    result = b.im !== 0 || b.re < 0 ? null : { re: 0, im: 0 };
  } else {
    const modulus = Math.hypot(a.re, a.im);
    let length =
      modulus > 0 && modulus !== 1 && Number.isFinite(modulus) && b.re !== 0
        ? positivePower(modulus, b.re)
        : modulus ** b.re;
    const angle = Math.atan2(a.im, a.re);
    let phase = angle * b.re;
    if (b.im !== 0) {
      length /= Math.exp(angle * b.im);
      phase += b.im * Math.log(modulus);
    }
    result = { re: length * Math.cos(phase), im: length * Math.sin(phase) };
  }
  if (result === null) throw new PythonError('ZeroDivisionError');
  if (Math.abs(result.re) === Number.POSITIVE_INFINITY || Math.abs(result.im) === Number.POSITIVE_INFINITY) {
    throw new PythonError('OverflowError');
  }
  return result;
}

// ---------------------------------------------------------------- int ** int

function intPower(base: bigint, exponent: bigint): PythonNumber {
  if (exponent < 0n) return floatPower(intToFloat(base), intToFloat(exponent));
  if (exponent === 0n || base === 1n) return 1n;
  if (base === 0n) return 0n;
  if (base === -1n) return exponent % 2n === 0n ? 1n : -1n;
  // |base| >= 2, so the result has at least exponent * (bitLength - 1) + 1 bits.
  if (exponent > BigInt(MAX_INT_BITS)) throw new PythonError('TooBig');
  if (Number(exponent) * (bitLength(base) - 1) > MAX_INT_BITS) throw new PythonError('TooBig');
  const result = base ** exponent;
  const bits = bitLength(result);
  checkSize(bits);
  charge(bits);
  return result;
}

// ---------------------------------------------------------------- the operators

export function negate(x: PythonNumber): PythonNumber {
  if (isComplex(x)) return { re: -x.re, im: -x.im };
  return typeof x === 'bigint' ? -x : -x;
}

/** Ints below this magnitude are too small to need size or work accounting. */
const CHEAP_INT = 2n ** 512n;

function isCheap(x: bigint): boolean {
  return x < CHEAP_INT && x > -CHEAP_INT;
}

export function add(a: PythonNumber, b: PythonNumber): PythonNumber {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    const result = a + b;
    if (isCheap(a) && isCheap(b)) return result;
    const bits = bitLength(result);
    checkSize(bits);
    charge(bits);
    return result;
  }
  if (isComplex(a) || isComplex(b)) {
    const x = toComplex(a);
    const y = toComplex(b);
    return { re: x.re + y.re, im: x.im + y.im };
  }
  return toFloat(a) + toFloat(b);
}

export function subtract(a: PythonNumber, b: PythonNumber): PythonNumber {
  return add(a, negate(b));
}

export function multiply(a: PythonNumber, b: PythonNumber): PythonNumber {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (isCheap(a) && isCheap(b)) return a * b;
    const bits = bitLength(a) + bitLength(b);
    checkSize(bits);
    charge(bits);
    return a * b;
  }
  if (isComplex(a) || isComplex(b)) return complexProduct(toComplex(a), toComplex(b));
  return toFloat(a) * toFloat(b);
}

export function trueDivide(a: PythonNumber, b: PythonNumber): PythonNumber {
  if (typeof a === 'bigint' && typeof b === 'bigint') return intTrueDivide(a, b);
  if (isComplex(a) || isComplex(b)) {
    const result = complexQuotient(toComplex(a), toComplex(b));
    if (result === null) throw new PythonError('ZeroDivisionError');
    return result;
  }
  const x = toFloat(a);
  const y = toFloat(b);
  if (y === 0) throw new PythonError('ZeroDivisionError');
  return x / y;
}

export function floorDivide(a: PythonNumber, b: PythonNumber): PythonNumber {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (b === 0n) throw new PythonError('ZeroDivisionError');
    if (!isCheap(a) || !isCheap(b)) charge(bitLength(a) + bitLength(b));
    const quotient = a / b;
    return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient;
  }
  if (isComplex(a) || isComplex(b)) throw new PythonError('TypeError');
  return floatFloorDivide(toFloat(a), toFloat(b));
}

export function power(a: PythonNumber, b: PythonNumber): PythonNumber {
  if (typeof a === 'bigint' && typeof b === 'bigint') return intPower(a, b);
  if (isComplex(a) || isComplex(b)) return complexPower(toComplex(a), toComplex(b));
  return floatPower(toFloat(a), toFloat(b));
}
