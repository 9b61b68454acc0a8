// SFT completions for Countdown: a short worked derivation in <think>, then the equation in <answer>,
// continuing a prompt that ends in `<think>` (both templates do). The answer sits on the last line, where
// TinyZero's reward looks for it.
import type { CountdownReference } from '../problem.js';
import type { Canonical } from './canonical.js';
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
 * The completion that teaches `solution` for this problem: ` <steps> </think>\n<answer>EXPR</answer>`.
 * Throws if the solution does not use every given number exactly once or does not reach the target.
 */
export function countdownSftTarget(problem: { reference: CountdownReference }, solution: string): string {
  const { target, numbers } = problem.reference;
  const form = parseCanonicalExpression(solution);
  if (!sameMultiset(leavesOf(form), numbers)) {
    throw new Error(`solution ${solution} does not use exactly the numbers [${numbers.join(', ')}]`);
  }
  if (form.value.den !== 1 || form.value.num !== target) {
    throw new Error(`solution ${solution} equals ${formatRational(form.value)}, not ${target}`);
  }
  const steps = countdownSteps(solution);
  const reasoning = `We need ${target} from [${numbers.join(', ')}], using each number once. ${steps.join('. ')}.`;
  return ` ${reasoning} </think>\n<answer>${solution}</answer>`;
}
