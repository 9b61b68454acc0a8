// Python's text rules that the reference Countdown rewards rely on: str.strip() whitespace,
// `re.findall(r'\d+')` + int() for the number check, and the `^[\d+\-*/().\s]+$` character whitelist.
// Python's \d and int() accept every Unicode decimal digit (category Nd), and \s and strip() every
// character for which str.isspace() is true; both differ from JavaScript's sets, so they are spelled out.
import { isPythonWhitespace } from '../python-whitespace.js';

const DECIMAL_DIGIT = /\p{Nd}/u;

function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Non-ASCII code point -> whether it is a decimal digit; bounded so hostile text cannot grow it. */
const digitCache = new Map<number, boolean>();

function isDecimalDigit(codePoint: number): boolean {
  if (codePoint < 0x80) return isAsciiDigit(codePoint);
  let digit = digitCache.get(codePoint);
  if (digit === undefined) {
    digit = DECIMAL_DIGIT.test(String.fromCodePoint(codePoint));
    if (digitCache.size >= 4096) digitCache.clear();
    digitCache.set(codePoint, digit);
  }
  return digit;
}

/**
 * The value of a Unicode decimal digit. Unicode guarantees that Nd characters come in contiguous runs
 * of ten, 0 to 9, so the value is the distance from the start of the run, modulo 10.
 */
function decimalDigitValue(codePoint: number): number {
  if (codePoint < 0x80) return codePoint - 48;
  let first = codePoint;
  while (isDecimalDigit(first - 1)) first--;
  return (codePoint - first) % 10;
}

/** Python 3.11 refuses int() of strings longer than this (sys.int_info.default_max_str_digits). */
export const MAX_INT_STRING_DIGITS = 4300;

/**
 * The canonical decimal strings (no leading zeros) of all maximal digit runs, as Python's
 * `[int(n) for n in re.findall(r'\d+', text)]` would produce them, or null when int() would raise.
 */
export function digitRunValues(text: string): string[] | null {
  const values: string[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.codePointAt(i) as number;
    if (!isDecimalDigit(code)) {
      i += code > 0xffff ? 2 : 1;
      continue;
    }
    let digits = '';
    let count = 0;
    while (i < text.length) {
      const c = text.codePointAt(i) as number;
      if (!isDecimalDigit(c)) break;
      if (++count > MAX_INT_STRING_DIGITS) return null;
      if (digits !== '' || decimalDigitValue(c) !== 0)
        digits += String.fromCharCode(48 + decimalDigitValue(c));
      i += c > 0xffff ? 2 : 1;
    }
    values.push(digits === '' ? '0' : digits);
  }
  return values;
}

/** The values of the digit runs when all are ASCII and at most 15 digits long (exact doubles), else null. */
function smallAsciiRuns(text: string): number[] | null {
  const values: number[] = [];
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return null;
    if (!isAsciiDigit(code)) {
      i++;
      continue;
    }
    const start = i;
    let value = 0;
    for (; i < text.length && isAsciiDigit(text.charCodeAt(i)); i++)
      value = value * 10 + text.charCodeAt(i) - 48;
    if (i - start > 15) return null;
    values.push(value);
  }
  return values;
}

function sameMultiset<T>(used: T[], given: T[], compare: (a: T, b: T) => number): boolean {
  if (used.length !== given.length) return false;
  used.sort(compare);
  given.sort(compare);
  return used.every((value, i) => value === given[i]);
}

/** Whether the digit runs of `text` are exactly the multiset `numbers` (the references' number check). */
export function usesExactlyNumbers(text: string, numbers: readonly number[]): boolean {
  const small = smallAsciiRuns(text);
  if (small !== null) return sameMultiset(small, [...numbers], (a, b) => a - b);
  const used = digitRunValues(text);
  if (used === null) return false;
  const given = numbers.map((n) => (Number.isSafeInteger(n) && n >= 0 ? String(n) : '-'));
  return sameMultiset(used, given, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `re.match(r'^[\d+\-*\/().\s]+$', text)` for a text without '\n'. */
export function passesCharacterWhitelist(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if (isAsciiDigit(code) || isPythonWhitespace(code)) continue;
      // + - * / ( ) .
      if (
        code === 43 ||
        code === 45 ||
        code === 42 ||
        code === 47 ||
        code === 40 ||
        code === 41 ||
        code === 46
      )
        continue;
      return false;
    }
    const codePoint = text.codePointAt(i) as number;
    if (codePoint > 0xffff) i++;
    if (!isDecimalDigit(codePoint) && !isPythonWhitespace(codePoint)) return false;
  }
  return true;
}
