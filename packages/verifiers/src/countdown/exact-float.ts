// Exact helpers for IEEE 754 doubles, used to reproduce CPython's float results bit for bit:
// correctly rounded ratios (CPython's int / int) and a correctly rounded pow (glibc's pow, which CPython
// calls, is correctly rounded in all but vanishingly rare cases; V8's Math.pow is one unit off for
// about one argument pair in ten, e.g. 10 ** -5 and 2 ** 1.5).

const scratch = new DataView(new ArrayBuffer(8));
const SMALL_INT = 2n ** 1000n;

/** Exact bit length of |x|. */
export function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  if (x === 0n) return 0;
  if (x < SMALL_INT) {
    // Number(x) rounds, which can only move the estimate at an exact power of two; fix it up.
    const estimate = Math.floor(Math.log2(Number(x))) + 1;
    if (x >> BigInt(estimate) !== 0n) return estimate + 1;
    if (estimate > 0 && x >> BigInt(estimate - 1) === 0n) return estimate - 1;
    return estimate;
  }
  const hex = x.toString(16);
  return hex.length * 4 - (Math.clz32(Number.parseInt(hex[0] as string, 16)) - 28);
}

/** 2^k for -1074 <= k <= 1023, built from its bits so that it is exact. */
function powerOfTwo(k: number): number {
  if (k >= -1022) scratch.setBigUint64(0, BigInt(k + 1023) << 52n);
  else scratch.setBigUint64(0, 1n << BigInt(k + 1074));
  return scratch.getFloat64(0);
}

/**
 * n/d * 2^scale (n >= 0, d > 0) correctly rounded to a double (round half to even, with subnormals);
 * Infinity when it overflows.
 */
export function ratioToDouble(n: bigint, d: bigint, scale: number): number {
  if (n === 0n) return 0;
  const ratioExponent = bitLength(n) - bitLength(d); // n/d lies in [2^(e-1), 2^(e+1))
  if (ratioExponent + scale > 1025) return Number.POSITIVE_INFINITY;
  if (ratioExponent + scale < -1080) return 0;
  // Scale so that the integer quotient has 55 or 56 bits; the remainder becomes a sticky bit.
  const shift = 55 - ratioExponent;
  if (shift >= 0) n <<= BigInt(shift);
  else d <<= BigInt(-shift);
  const q = n / d;
  const sticky = n % d !== 0n;
  const qBits = bitLength(q);
  const lowExponent = scale - shift; // the weight of q's last bit is 2^lowExponent
  // Keep 53 bits, or fewer when the result is subnormal (its last unit is 2^-1074).
  const drop = Math.max(qBits - 53, -1074 - lowExponent);
  let kept: bigint;
  if (drop <= 0) kept = q;
  else if (drop > qBits + 1) kept = 0n;
  else {
    kept = q >> BigInt(drop);
    const rest = q - (kept << BigInt(drop));
    const half = 1n << BigInt(drop - 1);
    if (rest > half || (rest === half && (sticky || (kept & 1n) === 1n))) kept += 1n;
  }
  const exponent = lowExponent + Math.max(drop, 0);
  if (exponent > 1023) return Number(kept) * powerOfTwo(1023) * powerOfTwo(exponent - 1023);
  return Number(kept) * powerOfTwo(exponent);
}

/** x = mantissa * 2^exponent exactly, for finite x > 0. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  scratch.setFloat64(0, x);
  const bits = scratch.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/** The neighbouring double of a finite x > 0 (direction +1 or -1). */
function neighbour(x: number, direction: 1 | -1): number {
  scratch.setFloat64(0, x);
  scratch.setBigUint64(0, scratch.getBigUint64(0) + BigInt(direction));
  return scratch.getFloat64(0);
}

// ---------------------------------------------------------------- logarithms in fixed point

/** Fractional bits of the fixed-point logarithms; far more than needed to separate a double's halves. */
const PRECISION = 160n;
const ONE = 1n << PRECISION;

/** ln(f) for f = F / ONE in [1, 2], as 2 atanh((f - 1)/(f + 1)). */
function lnOfFixed(f: bigint): bigint {
  const z = ((f - ONE) << PRECISION) / (f + ONE);
  const z2 = (z * z) >> PRECISION;
  let sum = z;
  let power = z;
  for (let k = 3n; ; k += 2n) {
    power = (power * z2) >> PRECISION;
    const term = power / k;
    if (term === 0n) break;
    sum += term;
  }
  return 2n * sum;
}

let ln2: bigint | null = null;

/** ln(n * 2^e) for an integer n > 0, with PRECISION fractional bits (error a few units in the last bit). */
function lnFixed(n: bigint, e: number): bigint {
  ln2 ??= lnOfFixed(2n * ONE);
  const bits = bitLength(n);
  const shift = Number(PRECISION) - (bits - 1);
  const f = shift >= 0 ? n << BigInt(shift) : n >> BigInt(-shift);
  return lnOfFixed(f) + BigInt(e + bits - 1) * ln2;
}

/** The sign of y*ln(x) - ln(midpoint of a and b), or 0 when too close to call. */
function compareWithMidpoint(logOfPower: bigint, a: number, b: number): number {
  const da = decompose(a);
  const db = decompose(b);
  const base = Math.min(da.exponent, db.exponent);
  const sum = (da.mantissa << BigInt(da.exponent - base)) + (db.mantissa << BigInt(db.exponent - base));
  const difference = logOfPower - lnFixed(sum, base - 1);
  const margin = 1n << (PRECISION - 100n);
  if (difference > margin) return 1;
  if (difference < -margin) return -1;
  return 0;
}

/** x ** y for finite x > 0, x != 1 and finite non-integer y, correctly rounded. */
function fractionalPower(x: number, y: number): number {
  if (y === 0.5) return Math.sqrt(x); // correctly rounded by IEEE 754 itself
  const estimate = x ** y; // within a unit or so of the right answer
  if (!(estimate >= 2.2250738585072014e-308) || !Number.isFinite(estimate)) return estimate;
  const { mantissa: xm, exponent: xe } = decompose(x);
  const { mantissa: ym, exponent: ye } = decompose(Math.abs(y));
  const scaled = lnFixed(xm, xe) * (y < 0 ? -ym : ym);
  const logOfPower = ye >= 0 ? scaled << BigInt(ye) : scaled >> BigInt(-ye);
  let result = estimate;
  for (let step = 0; step < 4; step++) {
    const up = neighbour(result, 1);
    if (!Number.isFinite(up) || compareWithMidpoint(logOfPower, result, up) <= 0) break;
    result = up;
  }
  if (result === estimate) {
    for (let step = 0; step < 4; step++) {
      const down = neighbour(result, -1);
      if (compareWithMidpoint(logOfPower, down, result) >= 0) break;
      result = down;
    }
  }
  return result;
}

/** Bits of mantissa^n we are willing to build for an exactly rounded integer power. */
const MAX_EXACT_POWER_BITS = 1 << 16;

/**
 * C's pow(x, y) for finite x > 0, x != 1 and finite y != 0, correctly rounded: integer exponents exactly
 * with BigInt, others through fixed-point logarithms. Overflow gives Infinity, underflow 0.
 */
export function positivePower(x: number, y: number): number {
  if (!Number.isInteger(y)) return fractionalPower(x, y);
  const magnitude = y * Math.log2(x);
  if (magnitude > 1100) return Number.POSITIVE_INFINITY;
  if (magnitude < -1100) return 0;
  const { mantissa, exponent } = decompose(x);
  const n = Math.abs(y);
  if (n * bitLength(mantissa) > MAX_EXACT_POWER_BITS) return x ** y;
  const power = mantissa ** BigInt(n);
  return y > 0 ? ratioToDouble(power, 1n, exponent * y) : ratioToDouble(1n, power, exponent * y);
}
