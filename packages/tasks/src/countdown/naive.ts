// The textbook Countdown search, kept as a baseline for benchmarks and as an independent reference for
// tests: repeatedly replace two numbers by their combination, with no memo and no deduplication, so
// the same expression is reached once per order of combining (thousands of times with six numbers).
import { add, divide, equalsInteger, integer, multiply, type Rational, subtract } from './rational.js';

interface Item {
  readonly value: Rational;
  readonly text: string;
}

function combinations(a: Item, b: Item): Item[] {
  const items: Item[] = [];
  const push = (value: Rational | null, text: string) => {
    if (value !== null) items.push({ value, text });
  };
  push(add(a.value, b.value), `(${a.text} + ${b.text})`);
  push(subtract(a.value, b.value), `(${a.text} - ${b.text})`);
  push(subtract(b.value, a.value), `(${b.text} - ${a.text})`);
  push(multiply(a.value, b.value), `(${a.text} * ${b.text})`);
  push(divide(a.value, b.value), `(${a.text} / ${b.text})`);
  push(divide(b.value, a.value), `(${b.text} / ${a.text})`);
  return items;
}

function search(items: Item[], target: number, onSolution: (expression: string) => void): void {
  if (items.length === 1) {
    if (equalsInteger(items[0]!.value, target)) onSolution(items[0]!.text);
    return;
  }
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const rest = items.filter((_, k) => k !== i && k !== j);
      for (const combined of combinations(items[i]!, items[j]!)) {
        rest.push(combined);
        search(rest, target, onSolution);
        rest.pop();
      }
    }
  }
}

/**
 * Calls `onSolution` with every fully parenthesised expression tree that reaches the target, once per
 * order of combination (so with many repeats); returns how many calls it made.
 */
export function naiveCountdownSearch(
  numbers: readonly number[],
  target: number,
  onSolution: (expression: string) => void = () => {},
): number {
  let calls = 0;
  search(
    numbers.map((n) => ({ value: integer(n), text: String(n) })),
    target,
    (expression) => {
      calls++;
      onSolution(expression);
    },
  );
  return calls;
}
