// Decimal digits of any script (Unicode category Nd, what Python's `\d` and int() accept), read forwards
// or backwards by UTF-16 index. ASCII takes a fast path; other scripts are looked up once and cached.

const DECIMAL_DIGIT = /^\p{Nd}$/u;
const FIRST_NON_ASCII_DIGIT = 0x660; // ARABIC-INDIC DIGIT ZERO
const digitValueCache = new Map<number, number>();
/** Bounds the cache so that a text of every code point cannot grow it without limit. */
const MAX_CACHED_DIGITS = 65_536;

function isUnicodeDigit(codePoint: number): boolean {
  return DECIMAL_DIGIT.test(String.fromCodePoint(codePoint));
}

/**
 * Value 0-9 of a code point, or -1. Unicode encodes every Nd digit in contiguous runs of ten that start at
 * zero, so the value is the distance to the start of the run, modulo ten.
 */
export function unicodeDigitValue(codePoint: number): number {
  if (codePoint >= 48 && codePoint <= 57) return codePoint - 48;
  if (codePoint < FIRST_NON_ASCII_DIGIT) return -1;
  const cached = digitValueCache.get(codePoint);
  if (cached !== undefined) return cached;
  let value = -1;
  if (isUnicodeDigit(codePoint)) {
    let runStart = codePoint;
    while (runStart - 1 >= FIRST_NON_ASCII_DIGIT && isUnicodeDigit(runStart - 1)) runStart--;
    value = (codePoint - runStart) % 10;
  }
  if (digitValueCache.size < MAX_CACHED_DIGITS) digitValueCache.set(codePoint, value);
  return value;
}

/** UTF-16 width of the digit found by the last digitAt/digitBefore call that returned a digit. */
export let digitWidth = 1;

/** The digit value of the code point starting at `index`, or -1. */
export function digitAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  if (code >= 48 && code <= 57) {
    digitWidth = 1;
    return code - 48;
  }
  if (!(code >= FIRST_NON_ASCII_DIGIT)) return -1; // also NaN past the end
  const codePoint = text.codePointAt(index) as number;
  const value = unicodeDigitValue(codePoint);
  if (value >= 0) digitWidth = codePoint > 0xffff ? 2 : 1;
  return value;
}

/** The digit value of the code point ending just before `index`, or -1. */
export function digitBefore(text: string, index: number): number {
  const code = text.charCodeAt(index - 1);
  if (code >= 48 && code <= 57) {
    digitWidth = 1;
    return code - 48;
  }
  if (!(code >= FIRST_NON_ASCII_DIGIT)) return -1;
  if (code >= 0xdc00 && code <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) {
      const value = unicodeDigitValue(text.codePointAt(index - 2) as number);
      if (value >= 0) digitWidth = 2;
      return value;
    }
  }
  const value = unicodeDigitValue(code);
  if (value >= 0) digitWidth = 1;
  return value;
}

export function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
