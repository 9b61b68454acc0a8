// The Hendrycks MATH answer cleaning (`strip_string` and `is_equiv`, as copied into verl's
// reward_score/math.py), reproduced step by step. Where the Python raises (an assert, an index past the
// end, int() of a non-number), is_equiv falls back to comparing the raw strings; here a step returns
// null for "the Python raised". Indexing is by code point, as in Python.

import { isPythonWhitespace } from '../python-whitespace.js';
import { unicodeDigitValue } from './digits.js';
import { cachedGoldForm } from './gold.js';
import { codePointLengthAtMost, codePointWidthAt } from './python-text.js';

/** Python `int()` refuses strings of more digits than this (sys.int_info.default_max_str_digits). */
const PYTHON_INT_MAX_DIGITS = 4300;

function removeRightUnits(text: string): string | null {
  if (!text.includes('\\text{ ')) return text;
  const parts = text.split('\\text{ ');
  return parts.length === 2 ? (parts[0] as string) : null;
}

function fixSqrt(text: string): string | null {
  if (!text.includes('\\sqrt')) return text;
  const parts = text.split('\\sqrt');
  let out = parts[0] as string;
  for (let k = 1; k < parts.length; k++) {
    const part = parts[k] as string;
    if (part === '') return null;
    if (part.charCodeAt(0) !== 123) {
      const width = codePointWidthAt(part, 0);
      out += `\\sqrt{${part.slice(0, width)}}${part.slice(width)}`;
    } else {
      out += `\\sqrt${part}`;
    }
  }
  return out;
}

function fixFracs(text: string): string | null {
  if (!text.includes('\\frac')) return text;
  const parts = text.split('\\frac');
  let out = parts[0] as string;
  for (let k = 1; k < parts.length; k++) {
    const part = parts[k] as string;
    out += '\\frac';
    if (part === '') return null;
    if (part.charCodeAt(0) === 123) {
      out += part;
      continue;
    }
    const widthA = codePointWidthAt(part, 0);
    if (widthA >= part.length) return text; // fewer than two code points: the reference returns its input
    const a = part.slice(0, widthA);
    const widthB = codePointWidthAt(part, widthA);
    const b = part.slice(widthA, widthA + widthB);
    const post = part.slice(widthA + widthB);
    out += b !== '{' ? `{${a}}{${b}}${post}` : `{${a}}${b}${post}`;
  }
  return out;
}

/** Whether Python's int() accepts the text: whitespace, a sign, digits of any script, single `_` between digits. */
function pythonIntParses(text: string): boolean {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isPythonWhitespace(text.charCodeAt(end - 1))) end--;
  if (start < end && (text.charCodeAt(start) === 43 || text.charCodeAt(start) === 45)) start++;
  let digits = 0;
  let previousWasDigit = false;
  for (let i = start; i < end; ) {
    const codePoint = text.codePointAt(i) as number;
    if (codePoint === 95) {
      if (!previousWasDigit) return false;
      previousWasDigit = false;
      i++;
      continue;
    }
    if (unicodeDigitValue(codePoint) < 0) return false;
    digits++;
    previousWasDigit = true;
    i += codePoint > 0xffff ? 2 : 1;
  }
  return digits > 0 && previousWasDigit && digits <= PYTHON_INT_MAX_DIGITS;
}

/** `str(int(x)) == x`: how the assert in fix_a_slash_b sees a part. */
const CANONICAL_INT = /^(?:0|-?[1-9][0-9]*)$/;

function fixASlashB(text: string): string | null {
  if (!text.includes('/')) return text;
  const parts = text.split('/');
  if (parts.length !== 2) return text;
  const [a, b] = parts as [string, string];
  if (!pythonIntParses(a) || !pythonIntParses(b)) return null;
  if (!CANONICAL_INT.test(a) || !CANONICAL_INT.test(b)) return text;
  return `\\frac{${a}}{${b}}`;
}

/** str.replace(old, new): skips the copy when `old` is absent, the usual case for a short answer. */
function replaceEvery(text: string, old: string, replacement: string): string {
  return text.includes(old) ? text.replaceAll(old, replacement) : text;
}

/** MATH's strip_string, or null where the Python raises. */
export function mathStripString(input: string): string | null {
  let text = replaceEvery(input, '\n', '');
  text = replaceEvery(text, '\\!', '');
  text = replaceEvery(text, '\\\\', '\\');
  text = replaceEvery(text, 'tfrac', 'frac');
  text = replaceEvery(text, 'dfrac', 'frac');
  text = replaceEvery(text, '\\left', '');
  text = replaceEvery(text, '\\right', '');
  text = replaceEvery(text, '^{\\circ}', '');
  text = replaceEvery(text, '^\\circ', '');
  text = replaceEvery(text, '\\$', '');
  const withoutUnits = removeRightUnits(text);
  if (withoutUnits === null) return null;
  text = replaceEvery(withoutUnits, '\\%', '');
  text = replaceEvery(text, ' .', ' 0.');
  text = replaceEvery(text, '{.', '{0.');
  if (text.length === 0) return text;
  if (text.charCodeAt(0) === 46) text = `0${text}`;
  if (text.includes('=')) {
    const sides = text.split('=');
    if (sides.length === 2 && codePointLengthAtMost(sides[0] as string, 2)) text = sides[1] as string;
  }
  const sqrtFixed = fixSqrt(text);
  if (sqrtFixed === null) return null;
  const fracFixed = fixFracs(replaceEvery(sqrtFixed, ' ', ''));
  if (fracFixed === null) return null;
  text = fracFixed === '0.5' ? '\\frac{1}{2}' : fracFixed;
  return fixASlashB(text);
}

/** The gold side of is_equiv, cleaned once per gold. */
const strippedGold = cachedGoldForm(mathStripString);

/** MATH's is_equiv: equal after strip_string, or, when that raises, equal as raw strings. */
export function mathIsEquiv(answer: string, gold: string): boolean {
  const left = mathStripString(answer);
  const right = left === null ? null : strippedGold(gold);
  if (left === null || right === null) return answer === gold;
  return left === right;
}
