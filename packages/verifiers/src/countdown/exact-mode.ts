// Crossover's own Countdown verifier (`exact`, the default).
//
// 1. The answer is the last `<answer>` that has a `</answer>` after it (anywhere in the completion, over
//    any number of lines); its content runs to the first `</answer>` after it. None: `no_answer`.
// 2. The content, trimmed of ASCII whitespace, is an expression (grammar in exact-expression.ts),
//    optionally followed by `= <integer>`. Empty: `malformed`; a second `=`, or something other than
//    an integer after `=`: `malformed`; a bad expression: `invalid_expression`.
// 3. Its integer literals must be exactly the given numbers as a multiset: `numbers_mismatch`.
// 4. Exact rational evaluation: a zero divisor anywhere gives `division_by_zero`.
// 5. Correct when the value equals the target and any `= <integer>` names the target; else `wrong_answer`.
import type { Verdict } from '../verdict.js';
import { verdict } from '../verdict.js';
import { lastAnswerSpan } from './answer-tags.js';
import {
  type CompiledExpression,
  compileExpression,
  evaluateExact,
  evaluateFast,
} from './exact-expression.js';
import { Rational } from './rational.js';

interface Reference {
  target: number;
  numbers: readonly number[];
}

const SAFE_LIMIT = 2 ** 53;
/** Above this many numbers the multiset check counts with a Map instead of a bit mask. */
const MASK_LIMIT = 30;

function isAsciiWhitespace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/** Whether text[start, end) is an integer literal equal to `target` (`-` allowed for negative targets). */
function namesTarget(text: string, start: number, end: number, target: number): boolean {
  return text.slice(start, end) === String(target);
}

function isIntegerLiteral(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start) === 45) start++;
  if (start >= end) return false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

function literalText(expression: CompiledExpression, i: number): string {
  return expression.text.slice(expression.literalStart[i], expression.literalEnd[i]);
}

function literalMatches(expression: CompiledExpression, i: number, given: number): boolean {
  const value = expression.literalValue[i] as number;
  return value >= 0 ? value === given : literalText(expression, i) === String(given);
}

/** The integer literals are exactly the given numbers, counted with multiplicity. */
function usesGivenNumbers(expression: CompiledExpression, numbers: readonly number[]): boolean {
  const count = expression.literalCount;
  if (count !== numbers.length) return false;
  if (count <= MASK_LIMIT) {
    let used = 0;
    for (let i = 0; i < count; i++) {
      let j = 0;
      while (j < count && ((used >>> j) & 1 || !literalMatches(expression, i, numbers[j] as number))) j++;
      if (j === count) return false;
      used |= 1 << j;
    }
    return true;
  }
  const remaining = new Map<string, number>();
  for (const n of numbers) remaining.set(String(n), (remaining.get(String(n)) ?? 0) + 1);
  for (let i = 0; i < count; i++) {
    const key = literalText(expression, i);
    const left = remaining.get(key) ?? 0;
    if (left === 0) return false;
    remaining.set(key, left - 1);
  }
  return true;
}

function equalsTarget(expression: CompiledExpression, target: number): boolean | 'division_by_zero' {
  const fast = evaluateFast(expression);
  if (fast === 'division_by_zero') return fast;
  if (fast !== null) {
    const scaled = target * fast.d;
    if (Math.abs(scaled) < SAFE_LIMIT) return fast.n === scaled;
  }
  const exact = evaluateExact(expression);
  if (exact === 'division_by_zero') return exact;
  return Number.isSafeInteger(target) && Rational.equals(exact, { num: BigInt(target), den: 1n });
}

export function verifyExact(completion: string, reference: Reference): Verdict {
  const span = lastAnswerSpan(completion);
  if (span === null) return verdict(false, 0, false, null, 'no_answer');
  let { start, end } = span;
  while (start < end && isAsciiWhitespace(completion.charCodeAt(start))) start++;
  while (end > start && isAsciiWhitespace(completion.charCodeAt(end - 1))) end--;
  const extracted = completion.slice(start, end);
  if (start === end) return verdict(false, 0, true, extracted, 'malformed');

  let expressionEnd = end;
  let claimsTarget = true;
  const equals = completion.indexOf('=', start);
  if (equals >= 0 && equals < end) {
    let rhsStart = equals + 1;
    while (rhsStart < end && isAsciiWhitespace(completion.charCodeAt(rhsStart))) rhsStart++;
    if (!isIntegerLiteral(completion, rhsStart, end)) return verdict(false, 0, true, extracted, 'malformed');
    claimsTarget = namesTarget(completion, rhsStart, end, reference.target);
    expressionEnd = equals;
  }

  const expression = compileExpression(completion, start, expressionEnd);
  if (expression === null) return verdict(false, 0, true, extracted, 'invalid_expression');
  if (!usesGivenNumbers(expression, reference.numbers))
    return verdict(false, 0, true, extracted, 'numbers_mismatch');
  const outcome = equalsTarget(expression, reference.target);
  if (outcome === 'division_by_zero') return verdict(false, 0, true, extracted, 'division_by_zero');
  if (outcome && claimsTarget) return verdict(true, 1, true, extracted, 'correct');
  return verdict(false, 0, true, extracted, 'wrong_answer');
}
