// SFT completions for Countdown: a short worked derivation in <think>, then the equation in <answer>,
// continuing a prompt that ends in `<think>` (both templates do). The answer sits on the last line, where
// TinyZero's reward looks for it.
import type { CountdownReference } from '../problem.js';
import { type Canonical, type Product, productText, type Sum, sumText } from './canonical.js';
import { leavesOf, parseCanonicalExpression } from './expression.js';
import { add, divide, formatRational, multiply, type Rational, subtract } from './rational.js';

type Step = (a: Rational, b: Rational) => Rational | null;

function sameMultiset(a: readonly number[], b: readonly number[]): boolean {
  const sorted = (xs: readonly number[]) => [...xs].sort((x, y) => x - y).join(',');
  return sorted(a) === sorted(b);
}

// A fraction or negative intermediate is bracketed where it is used, so `8 / (1/3)` reads right.
function asOperand(text: string): string {
  return text.includes('/') || text.startsWith('-') ? `(${text})` : text;
}

// Folds a chain of terms left to right, writing one `a op b = c` line per operation, and returns how the
// chain's value is written.
function foldChain(
  first: readonly Canonical[],
  rest: readonly Canonical[],
  ops: [string, Step, string, Step],
  steps: string[],
): string {
  const [firstOp, firstStep, restOp, restStep] = ops;
  let value = first[0]!.value;
  let text = derive(first[0]!, steps);
  const apply = (term: Canonical, op: string, step: Step) => {
    const termText = asOperand(derive(term, steps));
    const next = step(value, term.value);
    if (next === null) throw new RangeError('countdown solution leaves the safe-integer range');
    value = next;
    const nextText = formatRational(value);
    steps.push(`${asOperand(text)} ${op} ${termText} = ${nextText}`);
    text = nextText;
  };
  for (const term of first.slice(1)) apply(term, firstOp, firstStep);
  for (const term of rest) apply(term, restOp, restStep);
  return text;
}

function derive(form: Canonical, steps: string[]): string {
  if (form.kind === 'leaf') return form.text;
  if (form.kind === 'sum') return foldChain(form.plus, form.minus, ['+', add, '-', subtract], steps);
  return foldChain(form.times, form.over, ['*', multiply, '/', divide], steps);
}

/** The worked steps of a solution, e.g. ["75 - 25 = 50", "50 * 2 = 100"]. */
export function countdownSteps(solution: string): string[] {
  const steps: string[] = [];
  derive(parseCanonicalExpression(solution), steps);
  return steps;
}

/**
 * How the terms of each sum and product are ordered: `canonical` is the canonical form's order (larger
 * values first); `prompt` follows the order in which the problem lists the numbers, so writing the
 * answer is reading the list left to right, which small models learn much sooner than sorting.
 */
export type CountdownTermOrder = 'canonical' | 'prompt';

export interface CountdownSftOptions {
  termOrder?: CountdownTermOrder;
}

/**
 * The completion that teaches `solution` for this problem: ` <steps> </think>\n<answer>EXPR</answer>`.
 * Throws if the solution does not use every given number exactly once or does not reach the target.
 */
export function countdownSftTarget(
  problem: { reference: CountdownReference },
  solution: string,
  options: CountdownSftOptions = {},
): string {
  const { target, numbers } = problem.reference;
  const parsed = parseCanonicalExpression(solution);
  if (!sameMultiset(leavesOf(parsed), numbers)) {
    throw new Error(`solution ${solution} does not use exactly the numbers [${numbers.join(', ')}]`);
  }
  if (parsed.value.den !== 1 || parsed.value.num !== target) {
    throw new Error(`solution ${solution} equals ${formatRational(parsed.value)}, not ${target}`);
  }
  const form = options.termOrder === 'prompt' ? inPromptOrder(parsed, numbers) : parsed;
  const steps: string[] = [];
  derive(form, steps);
  const reasoning = `We need ${target} from [${numbers.join(', ')}], using each number once. ${steps.join('. ')}.`;
  // canonical order keeps the solution as the caller wrote it
  const answer = form === parsed ? solution : form.text;
  return ` ${reasoning} </think>\n<answer>${answer}</answer>`;
}

/** The form with every sum's and product's terms reordered by where their first number is listed. */
export function inPromptOrder(form: Canonical, numbers: readonly number[]): Canonical {
  return reorder(form, (value) => {
    const index = numbers.indexOf(value);
    return index === -1 ? numbers.length : index;
  });
}

function reorder(form: Canonical, rank: (value: number) => number): Canonical {
  if (form.kind === 'leaf') return form;
  // A term's place: the earliest listed of its numbers (a stable sort keeps ties in canonical order).
  const order = (terms: readonly Canonical[]) =>
    terms
      .map((term) => reorder(term, rank))
      .map((term) => ({ term, key: Math.min(...leavesOf(term).map(rank)) }))
      .sort((a, b) => a.key - b.key)
      .map(({ term }) => term);
  if (form.kind === 'sum') {
    const plus = order(form.plus);
    const minus = order(form.minus);
    return { ...form, plus, minus, text: sumText(plus, minus) } satisfies Sum;
  }
  const times = order(form.times);
  const over = order(form.over);
  return { ...form, times, over, text: productText(times, over) } satisfies Product;
}
