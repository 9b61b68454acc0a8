// Countdown solutions that use the numbers in the order the problem lists them, e.g. `40 - 97 + 80` for
// [40, 97, 80] -> 23: only the operators and the brackets are chosen. Writing such an answer is reading the
// list left to right, the copying a small model learns first, so SFT data made of them teaches the format
// and the choice of operators long before a model could learn to pick numbers out of the list. Not every
// instance has one (about 58% of 3-number and 35% of 4-number instances of the default generator).
import type { CountdownReference } from '../problem.js';
import {
  add,
  divide,
  equalsInteger,
  formatRational,
  integer,
  multiply,
  type Rational,
  subtract,
} from './rational.js';

type Operator = '+' | '-' | '*' | '/';
const OPERATORS: readonly Operator[] = ['+', '-', '*', '/'];
const PRECEDENCE: Record<Operator, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };
const APPLY: Record<Operator, (a: Rational, b: Rational) => Rational | null> = {
  '+': add,
  '-': subtract,
  '*': multiply,
  '/': divide,
};

/** An expression over a run of the listed numbers, with the worked steps that evaluate it. */
export interface ListedExpression {
  text: string;
  value: Rational;
  /** `a op b = c` lines, innermost first, left operand before right. */
  steps: string[];
  /** The top operator; null for a single number. */
  op: Operator | null;
}

function bracketed(part: ListedExpression, needed: boolean): string {
  return needed ? `(${part.text})` : part.text;
}

// Brackets exactly where the tree differs from reading left to right with the usual precedence, so the
// text parses back to this tree: a left operand of lower precedence, a right operand of the same or lower.
function combine(op: Operator, left: ListedExpression, right: ListedExpression): ListedExpression | null {
  const value = APPLY[op](left.value, right.value);
  if (value === null) return null;
  const leftText = bracketed(left, left.op !== null && PRECEDENCE[left.op] < PRECEDENCE[op]);
  const rightText = bracketed(right, right.op !== null && PRECEDENCE[right.op] <= PRECEDENCE[op]);
  const operand = (e: ListedExpression) => {
    const text = formatRational(e.value);
    return text.includes('/') || text.startsWith('-') ? `(${text})` : text;
  };
  const step = `${operand(left)} ${op} ${operand(right)} = ${formatRational(value)}`;
  return { text: `${leftText} ${op} ${rightText}`, value, steps: [...left.steps, ...right.steps, step], op };
}

/** Every expression over `numbers` in their order: each binary tree on the run, each operator at each node. */
function expressionsInOrder(numbers: readonly number[]): ListedExpression[] {
  if (numbers.length === 1) {
    const n = numbers[0] as number;
    return [{ text: String(n), value: integer(n), steps: [], op: null }];
  }
  const out: ListedExpression[] = [];
  for (let split = 1; split < numbers.length; split++) {
    const lefts = expressionsInOrder(numbers.slice(0, split));
    const rights = expressionsInOrder(numbers.slice(split));
    for (const left of lefts) {
      for (const right of rights) {
        for (const op of OPERATORS) {
          const joined = combine(op, left, right);
          if (joined) out.push(joined);
        }
      }
    }
  }
  return out;
}

// Simplest first: fewer brackets, then fewer multiplications and divisions.
function complexity(e: ListedExpression): number {
  const brackets = (e.text.match(/\(/g) ?? []).length;
  const products = (e.text.match(/[*/]/g) ?? []).length;
  return brackets * 10 + products;
}

/**
 * The solutions that use the numbers in the listed order, simplest first (a stable order, so the first
 * one is a fixed choice). At most 6 numbers: the count of expressions grows as Catalan(n-1) * 4^(n-1).
 */
export function solveCountdownInOrder(numbers: readonly number[], target: number): ListedExpression[] {
  if (numbers.length === 0 || numbers.length > 6) {
    throw new RangeError('solveCountdownInOrder takes 1 to 6 numbers');
  }
  return expressionsInOrder(numbers)
    .filter((e) => equalsInteger(e.value, target))
    .map((e, index) => ({ e, index, cost: complexity(e) }))
    .sort((a, b) => a.cost - b.cost || a.index - b.index)
    .map(({ e }) => e);
}

/**
 * How much an SFT answer says: `full` restates the problem before the steps (` We need T from [..], using
 * each number once. <steps>.`), `terse` gives only the steps; both end in `</think>\n<answer>EXPR</answer>`.
 */
export type CountdownTargetStyle = 'full' | 'terse';

export function isCountdownTargetStyle(value: unknown): value is CountdownTargetStyle {
  return value === 'full' || value === 'terse';
}

/** The SFT completion for a listed-order solution, in the same shape as countdownSftTarget's. */
export function countdownListedSftTarget(
  problem: { reference: CountdownReference },
  solution: ListedExpression,
  style: CountdownTargetStyle = 'full',
): string {
  const { target, numbers } = problem.reference;
  if (!equalsInteger(solution.value, target)) {
    throw new Error(`solution ${solution.text} equals ${formatRational(solution.value)}, not ${target}`);
  }
  const steps = `${solution.steps.join('. ')}.`;
  const reasoning =
    style === 'terse'
      ? steps
      : `We need ${target} from [${numbers.join(', ')}], using each number once. ${steps}`;
  return ` ${reasoning} </think>\n<answer>${solution.text}</answer>`;
}
