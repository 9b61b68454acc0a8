// Exact decimal numbers as Crossover's own GSM8K modes read them: an optional sign (`-`, `+`, U+2212), an
// optional `$`, digits of any script with thousands separators only in proper 3-digit groups, an optional
// fraction. Two numbers are equal exactly when their canonical strings are equal (`18.00` -> `18`,
// `-0.50` -> `-0.5`, `1,000` -> `1000`), so no float and no BigInt is ever involved.
import { digitAt, digitWidth } from './digits.js';

/** Numbers with more significant digits than this are refused (`too_long`): GSM8K answers are small. */
export const MAX_NUMBER_DIGITS = 100;

export type NumberScan =
  | { kind: 'number'; value: string; end: number }
  | { kind: 'malformed'; end: number }
  | { kind: 'too_long'; end: number };

const MINUS_SIGN = 0x2212;

function isSign(code: number): boolean {
  return code === 45 || code === 43 || code === MINUS_SIGN;
}

/** Index after a `$` or `\$` at `index` (and the spaces after it), or `index` when there is none. */
function skipCurrency(text: string, index: number, limit: number): number {
  let i = index;
  if (text.charCodeAt(i) === 36) i++;
  else if (text.charCodeAt(i) === 92 && text.charCodeAt(i + 1) === 36) i += 2;
  else return index;
  while (i < limit && text.charCodeAt(i) === 32) i++;
  return i;
}

/** Whether a number can start at `index`: a sign, a currency sign, a digit, or `.` before a digit. */
export function startsNumber(text: string, index: number, limit: number): boolean {
  if (index >= limit) return false;
  const code = text.charCodeAt(index);
  if (isSign(code) || code === 36 || (code === 92 && text.charCodeAt(index + 1) === 36)) return true;
  if (code === 46) return index + 1 < limit && digitAt(text, index + 1) >= 0;
  return digitAt(text, index) >= 0;
}

/** Appends the digits of [start, end) to `into` as ASCII, skipping separators; stops at the cap. */
function collectDigits(text: string, start: number, end: number, into: string): string {
  let out = into;
  for (let i = start; i < end && out.length <= MAX_NUMBER_DIGITS; ) {
    const value = digitAt(text, i);
    if (value < 0) {
      i++;
      continue;
    }
    out += String.fromCharCode(48 + value);
    i += digitWidth;
  }
  return out;
}

/** Digit counts up to which a separated integer is rebuilt through a double exactly (2^53 > 10^15). */
const EXACT_DOUBLE_DIGITS = 15;

/**
 * The ASCII digits of [start, end) without separators, or null when a digit of another script is there.
 * Short separated integers are rebuilt arithmetically, which is several times faster than replaceAll.
 */
function asciiDigits(text: string, start: number, end: number): string | null {
  let commas = 0;
  let value = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 44) commas++;
    else if (code >= 48 && code <= 57) value = value * 10 + (code - 48);
    else return null;
  }
  if (commas === 0) return text.slice(start, end);
  return end - start - commas <= EXACT_DOUBLE_DIGITS
    ? String(value)
    : text.slice(start, end).replaceAll(',', '');
}

/** Index after a run of digits starting at `index`. */
function skipDigits(text: string, index: number, limit: number): number {
  let i = index;
  while (i < limit && digitAt(text, i) >= 0) i += digitWidth;
  return i;
}

/** Number of digits in [start, end) (each digit may be one or two UTF-16 units). */
function countDigits(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; count++) {
    digitAt(text, i);
    i += digitWidth;
  }
  return count;
}

/**
 * The integer part starting at `index`: a digit run, or 1-3 digits followed by `,ddd` groups. Returns
 * its end, or -1 when commas sit between digits but do not form proper groups (`1,23`, `12,3456`).
 */
function scanIntegerPart(text: string, index: number, limit: number): number {
  let end = skipDigits(text, index, limit);
  if (!(text.charCodeAt(end) === 44 && end + 1 < limit && digitAt(text, end + 1) >= 0)) return end;
  if (countDigits(text, index, end) > 3) return -1;
  while (text.charCodeAt(end) === 44 && end + 1 < limit && digitAt(text, end + 1) >= 0) {
    const groupEnd = skipDigits(text, end + 1, limit);
    if (countDigits(text, end + 1, groupEnd) !== 3) return -1;
    end = groupEnd;
  }
  return end;
}

function canonicalFrom(negative: boolean, integerDigits: string, fractionDigits: string): string {
  let integer = integerDigits;
  let zeros = 0;
  while (zeros < integer.length - 1 && integer.charCodeAt(zeros) === 48) zeros++;
  if (zeros > 0) integer = integer.slice(zeros);
  let fractionEnd = fractionDigits.length;
  while (fractionEnd > 0 && fractionDigits.charCodeAt(fractionEnd - 1) === 48) fractionEnd--;
  const fraction = fractionDigits.slice(0, fractionEnd);
  const magnitude = fraction === '' ? integer : `${integer}.${fraction}`;
  return negative && magnitude !== '0' ? `-${magnitude}` : magnitude;
}

/**
 * Reads one number at `index` (which must satisfy startsNumber). Stops before anything that is not part
 * of it, so `18.` ends before the dot and `18 dollars` before the space. `1,23`, `1.2.3` and `1e5` are
 * malformed: they are not one exact decimal.
 */
export function readNumber(text: string, index: number, limit: number = text.length): NumberScan | null {
  let i = index;
  let negative = false;
  const first = text.charCodeAt(i);
  if (isSign(first)) {
    negative = first !== 43;
    i++;
  }
  i = skipCurrency(text, i, limit);
  const integerStart = i;
  const integerEnd = scanIntegerPart(text, i, limit);
  if (integerEnd < 0) return { kind: 'malformed', end: skipDigits(text, i, limit) };
  let fractionStart = integerEnd;
  let fractionEnd = integerEnd;
  if (text.charCodeAt(integerEnd) === 46 && integerEnd + 1 < limit && digitAt(text, integerEnd + 1) >= 0) {
    fractionStart = integerEnd + 1;
    fractionEnd = skipDigits(text, fractionStart, limit);
  }
  if (fractionEnd === integerStart) return null;
  if (continuesAsAnotherNumber(text, fractionEnd, limit)) return { kind: 'malformed', end: fractionEnd };
  if (fractionEnd - integerStart > 2 * MAX_NUMBER_DIGITS + 2) return { kind: 'too_long', end: fractionEnd };
  let integerDigits =
    asciiDigits(text, integerStart, integerEnd) ?? collectDigits(text, integerStart, integerEnd, '');
  if (integerDigits === '') integerDigits = '0';
  const fractionDigits =
    fractionEnd > fractionStart
      ? (asciiDigits(text, fractionStart, fractionEnd) ?? collectDigits(text, fractionStart, fractionEnd, ''))
      : '';
  const value = canonicalFrom(negative, integerDigits, fractionDigits);
  const signAndPoint = (value.charCodeAt(0) === 45 ? 1 : 0) + (value.includes('.') ? 1 : 0);
  if (value.length - signAndPoint > MAX_NUMBER_DIGITS) return { kind: 'too_long', end: fractionEnd };
  return { kind: 'number', value, end: fractionEnd };
}

/** `1.2.3`, `1.5,3` and `1e5` glue a second number or an exponent onto the first. */
function continuesAsAnotherNumber(text: string, end: number, limit: number): boolean {
  if (end + 1 >= limit) return false;
  const code = text.charCodeAt(end);
  if (code === 46 || code === 44) return digitAt(text, end + 1) >= 0;
  if (code === 101 || code === 69) {
    const next = text.charCodeAt(end + 1);
    const afterSign = next === 43 || next === 45 ? end + 2 : end + 1;
    return afterSign < limit && digitAt(text, afterSign) >= 0;
  }
  return false;
}

/**
 * The canonical decimal string of a whole text that is one number (surrounding whitespace, a leading `$`
 * and a trailing `.` allowed), or null. `canonicalDecimal(' $1,450,000. ') === '1450000'`.
 */
export function canonicalDecimal(text: string): string | null {
  let start = 0;
  let end = text.length;
  while (start < end && isBlank(text.charCodeAt(start))) start++;
  while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
  if (end > start && text.charCodeAt(end - 1) === 46) end--;
  if (!startsNumber(text, start, end)) return null;
  const scan = readNumber(text, start, end);
  return scan !== null && scan.kind === 'number' && scan.end === end ? scan.value : null;
}

export interface DecimalParts {
  negative: boolean;
  /** Integer digits without leading zeros (`0` for none). */
  integer: string;
  /** Fraction digits without trailing zeros (may be empty). */
  fraction: string;
}

/** The parts of the number a whole text holds (see canonicalDecimal), or null when it holds none. */
export function parseDecimal(text: string): DecimalParts | null {
  const canonical = canonicalDecimal(text);
  if (canonical === null) return null;
  const negative = canonical.charCodeAt(0) === 45;
  const magnitude = negative ? canonical.slice(1) : canonical;
  const dot = magnitude.indexOf('.');
  return dot < 0
    ? { negative, integer: magnitude, fraction: '' }
    : { negative, integer: magnitude.slice(0, dot), fraction: magnitude.slice(dot + 1) };
}

function isBlank(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0;
}
