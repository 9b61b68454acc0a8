// Hand-written equivalents of the Python pattern `#### (\-?[0-9\.\,]+)` that OpenAI, TinyZero,
// lm-evaluation-harness and verl all use, with re.search (first match) and re.findall (last match)
// semantics. A match never contains `#`, so the matches are exactly the `#### ` occurrences that a
// number follows, and each one can be decided on its own.
import { lastIndexBefore, lastIndexOf } from './search.js';

/** `[0-9\.\,]`: ASCII digits only (the class is written out, it is not `\d`). */
export function isNumberClass(code: number): boolean {
  return (code >= 48 && code <= 57) || code === 46 || code === 44;
}

/** Index after the run of `[0-9.,]` that starts at `index`. */
export function numberClassRunEnd(text: string, index: number, limit: number = text.length): number {
  let end = index;
  while (end < limit && isNumberClass(text.charCodeAt(end))) end++;
  return end;
}

/**
 * The group `\-?[0-9\.\,]+` matched at `index`, or null. Backtracking can only drop the `-`, and
 * `[0-9.,]` cannot match `-`, so a `-` must be followed by the class.
 */
export function signedRunAt(text: string, index: number, limit: number = text.length): string | null {
  const start = text.charCodeAt(index) === 45 ? index + 1 : index;
  const end = numberClassRunEnd(text, start, limit);
  return end === start ? null : text.slice(index, end);
}

/** `re.search('#### (\-?[0-9\.\,]+)', text).group(1)`, or null. */
export function firstHashNumber(text: string): string | null {
  for (let marker = text.indexOf('#### '); marker >= 0; marker = text.indexOf('#### ', marker + 1)) {
    const number = signedRunAt(text, marker + 5);
    if (number !== null) return number;
  }
  return null;
}

/** `re.findall('#### (\-?[0-9\.\,]+)', text)[-1]`, or null. */
export function lastHashNumber(text: string): string | null {
  for (
    let marker = lastIndexOf(text, '#### ');
    marker >= 0;
    marker = lastIndexBefore(text, '#### ', marker)
  ) {
    const number = signedRunAt(text, marker + 5);
    if (number !== null) return number;
  }
  return null;
}
