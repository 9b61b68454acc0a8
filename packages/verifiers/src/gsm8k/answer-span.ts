// Where Crossover's own modes find the answer: after the last `####`, inside the last balanced
// `\boxed{}`, after the last "answer is", or the last number of the text. Every finder walks backwards
// from the end of the text and reads forwards only as far as the answer, so the work is linear in the
// text and usually a small part of it.

import { isPythonWhitespace } from '../python-whitespace.js';
import { type NumberScan, readNumber, startsNumber } from './decimal.js';
import { digitAt, digitBefore, digitWidth } from './digits.js';
import { lastIndexBefore, lastIndexOf } from './search.js';

/** LaTeX commands around an answer whose name (and opening brace) are skipped before the number. */
const WRAPPER_COMMANDS = ['text', 'textbf', 'mathbf', 'mathrm', 'boxed', 'fbox', 'displaystyle', 'bf'];
const OPERATOR_COMMANDS = ['times', 'cdot', 'div', 'frac', 'dfrac', 'tfrac'];

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Index after the name of a LaTeX command at `index` (a backslash), or `index` when there is none. */
function commandNameEnd(text: string, index: number, limit: number): number {
  let end = index + 1;
  while (end < limit && isAsciiLetter(text.charCodeAt(end))) end++;
  return end;
}

/** Markup characters skipped before an answer: `:` `*` `_` `{` `(` `$`. */
function isLeadingMarkup(code: number): boolean {
  return code === 58 || code === 42 || code === 95 || code === 123 || code === 40 || code === 36;
}

/** Skips whitespace and markup (`**`, `_`, `$`, `\(`, `\[`, `\text{`, `\boxed{`, `{`, `(`) before an answer. */
function skipLeadingMarkup(text: string, index: number, limit: number): number {
  let i = index;
  while (i < limit) {
    const code = text.charCodeAt(i);
    if (isPythonWhitespace(code) || isLeadingMarkup(code)) {
      i++;
      continue;
    }
    if (code !== 92) break;
    const next = text.charCodeAt(i + 1);
    if (next === 40 || next === 91 || next === 36) {
      i += 2;
      continue;
    }
    const nameEnd = commandNameEnd(text, i, limit);
    if (!WRAPPER_COMMANDS.includes(text.slice(i + 1, nameEnd))) break;
    i = nameEnd;
  }
  return i;
}

/** Whether an operator and then another operand follow the number (`18 - 3`, `1/2`, `9 \times 2`): an expression. */
function followedByExpression(text: string, index: number, limit: number): boolean {
  let i = index;
  while (i < limit && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i >= limit) return false;
  const code = text.charCodeAt(i);
  if (code === 92) {
    const nameEnd = commandNameEnd(text, i, limit);
    return OPERATOR_COMMANDS.includes(text.slice(i + 1, nameEnd));
  }
  const isOperator =
    code === 43 || code === 45 || code === 42 || code === 47 || code === 94 || code === 61 || code === 58;
  if (!isOperator && code !== 0xd7 && code !== 0xf7 && code !== 0x2212) return false;
  i++;
  while (i < limit && text.charCodeAt(i) === 32) i++;
  return i < limit && (digitAt(text, i) >= 0 || text.charCodeAt(i) === 40);
}

/** The answer that starts at `index` after a marker: markup, then one number that is not part of an expression. */
export function readAnswerAt(text: string, index: number, limit: number = text.length): NumberScan | null {
  const start = skipLeadingMarkup(text, index, limit);
  if (!startsNumber(text, start, limit)) return null;
  const scan = readNumber(text, start, limit);
  if (scan === null || scan.kind !== 'number') return scan;
  return followedByExpression(text, scan.end, limit) ? { kind: 'malformed', end: scan.end } : scan;
}

/** Strict: the answer after the last `####` (any spacing) that is followed by an answer at all. */
export function findHashAnswer(text: string): NumberScan | null {
  for (let marker = lastIndexOf(text, '####'); marker >= 0; marker = lastIndexBefore(text, '####', marker)) {
    const answer = readAnswerAt(text, marker + 4);
    if (answer !== null) return answer;
  }
  return null;
}

/**
 * The content range of the last `\boxed{...}` whose braces balance. A box that never closes cannot be
 * closed by an earlier box's scan either (its unmatched `{` stays open), so each earlier box is scanned
 * only up to the next one: linear overall even for 100k unclosed boxes.
 */
export function findLastBoxed(text: string): { start: number; end: number } | null {
  let limit = text.length;
  for (let box = lastIndexOf(text, '\\boxed{'); box >= 0; box = lastIndexBefore(text, '\\boxed{', box)) {
    const contentStart = box + 7;
    let depth = 1;
    for (let i = contentStart; i < limit; i++) {
      const code = text.charCodeAt(i);
      if (code === 123) depth++;
      else if (code === 125 && --depth === 0) return { start: contentStart, end: i };
    }
    limit = box;
  }
  return null;
}

/** Boxed: the number in the last balanced `\boxed{}`; nothing else numeric may share the box. */
export function findBoxedAnswer(text: string): NumberScan | null {
  const box = findLastBoxed(text);
  if (box === null) return null;
  const answer = readAnswerAt(text, box.start, box.end);
  if (answer === null || answer.kind !== 'number') return answer;
  for (let i = answer.end; i < box.end; i++) {
    if (digitAt(text, i) >= 0) return { kind: 'malformed', end: answer.end };
  }
  return answer;
}

/** Whether the `wer`/`WER` at `index` ends the word "answer" (any case). */
function endsAnswerWord(text: string, index: number): boolean {
  return (
    (text.charCodeAt(index - 3) | 0x20) === 97 &&
    (text.charCodeAt(index - 2) | 0x20) === 110 &&
    (text.charCodeAt(index - 1) | 0x20) === 115
  );
}

/**
 * The last "answer" ending in `trigram`, found by hopping forwards between occurrences of the trigram:
 * `wer` is rare enough in English for indexOf to skip ahead fast, while `answer` starts with a letter
 * so common that searching for it directly is several times slower.
 */
function lastAnswerWord(text: string, trigram: string): number {
  let last = -1;
  for (let at = text.indexOf(trigram, 3); at >= 0; at = text.indexOf(trigram, at + 1)) {
    if (endsAnswerWord(text, at)) last = at;
  }
  return last;
}

function previousAnswerWord(text: string, trigram: string, before: number): number {
  for (let at = lastIndexBefore(text, trigram, before); at >= 3; at = lastIndexBefore(text, trigram, at)) {
    if (endsAnswerWord(text, at)) return at;
  }
  return -1;
}

/** Index after "is" or ":" following the "answer" whose `wer` is at `index`, or -1. */
function answerPhraseEnd(text: string, index: number): number {
  let i = index + 3;
  while (text.charCodeAt(i) === 32) i++;
  const code = text.charCodeAt(i);
  if (code === 58) return i + 1;
  if ((code | 0x20) === 105 && (text.charCodeAt(i + 1) | 0x20) === 115) {
    return isAsciiLetter(text.charCodeAt(i + 2)) ? -1 : i + 2;
  }
  return -1;
}

/** "The answer is N" / "Final answer: N" (lower, capitalised or upper case): the last such phrase followed by an answer. */
export function findAnswerIsAnswer(text: string): NumberScan | null {
  let lower = lastAnswerWord(text, 'wer');
  let upper = lastAnswerWord(text, 'WER');
  while (lower >= 0 || upper >= 0) {
    const at = Math.max(lower, upper);
    const end = answerPhraseEnd(text, at);
    if (end >= 0) {
      const answer = readAnswerAt(text, end);
      if (answer !== null) return answer;
    }
    if (at === lower) lower = previousAnswerWord(text, 'wer', at);
    else upper = previousAnswerWord(text, 'WER', at);
  }
  return null;
}

/** Start of the run of digits joined by single `,`/`.` that ends at `end`. */
function numberTokenStart(text: string, end: number): number {
  let start = end;
  for (;;) {
    if (digitBefore(text, start) >= 0) {
      start -= digitWidth;
      continue;
    }
    const code = text.charCodeAt(start - 1);
    if ((code === 44 || code === 46) && start - 1 > 0 && digitBefore(text, start - 1) >= 0) {
      start--;
      continue;
    }
    return start;
  }
}

/** Extends a number token backwards over a `$` and a sign that is not a hyphen (`10-18` is not -18). */
function signedStart(text: string, start: number): number {
  let i = start;
  const before = text.charCodeAt(i - 1);
  if (before === 46 && !isWordEnd(text.charCodeAt(i - 2))) return i - 1;
  if (before === 36) i--;
  const sign = text.charCodeAt(i - 1);
  if ((sign === 45 || sign === 0x2212 || sign === 43) && !isWordEnd(text.charCodeAt(i - 2))) i--;
  return i;
}

/** Letters, digits and closing brackets end an operand, so a `-` after them is an operator or hyphen. */
function isWordEnd(code: number): boolean {
  if (!(code >= 0)) return false;
  return (
    isAsciiLetter(code) ||
    (code >= 48 && code <= 57) ||
    code === 41 ||
    code === 93 ||
    code === 46 ||
    code > 0x7f
  );
}

/** Flexible: the last number of the text. */
export function findLastNumber(text: string): NumberScan | null {
  let end = text.length;
  while (end > 0 && digitBefore(text, end) < 0) end--;
  if (end === 0) return null;
  const tokenStart = numberTokenStart(text, end);
  const scan = readNumber(text, signedStart(text, tokenStart), end);
  if (scan !== null && scan.kind !== 'malformed') return scan;
  // A list such as `3,4,5` or a version such as `1.2.3`: the last number is its last item.
  let itemStart = tokenStart;
  let dots = 0;
  for (let i = end - 1; i > tokenStart; i--) {
    const code = text.charCodeAt(i);
    if (code === 44 || (code === 46 && ++dots === 2)) {
      itemStart = i + 1;
      break;
    }
  }
  return readNumber(text, itemStart, end);
}
