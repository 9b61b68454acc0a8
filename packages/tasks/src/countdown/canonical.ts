// Canonical forms of Countdown expressions. Two expressions are the same solution when their canonical
// forms are equal: nested sums and differences flatten into one Sum of added and subtracted terms,
// nested products and quotients into one Product of multiplied and divided factors, and terms and
// factors are sorted. So `a + b`, `b + a`, `(a + b) + c` and `a + (b + c)` are one solution, as are
// `a - (b - c)` and `a + c - b`, and `a / (b / c)` and `a * c / b`. Not identified: `x * 1` and `x / 1`,
// `(a - b) * (c - d)` and `(b - a) * (d - c)`, distributivity, and expressions that only share a value.
import { add, divide, integer, multiply, type Rational, subtract } from './rational.js';

export interface Leaf {
  readonly kind: 'leaf';
  readonly value: Rational;
  readonly text: string;
}

export interface Sum {
  readonly kind: 'sum';
  readonly plus: readonly Canonical[];
  readonly minus: readonly Canonical[];
  readonly value: Rational;
  readonly text: string;
}

export interface Product {
  readonly kind: 'product';
  readonly times: readonly Canonical[];
  readonly over: readonly Canonical[];
  readonly value: Rational;
  readonly text: string;
}

/** `text` is the canonical rendering: an infix expression, and the identity of the form. */
export type Canonical = Leaf | Sum | Product;

export type Operator = '+' | '-' | '*' | '/';

export function leaf(n: number): Leaf {
  return { kind: 'leaf', value: integer(n), text: String(n) };
}

// Larger values first reads naturally (`75 * 4 - 100`); the text breaks ties so the order is total.
function compareTerms(a: Canonical, b: Canonical): number {
  const byValue = b.value.num / b.value.den - a.value.num / a.value.den;
  if (byValue !== 0) return byValue;
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

function joinedTerms(terms: readonly Canonical[], separator: string, wrapSums: boolean): string {
  let text = '';
  for (const term of terms)
    text += separator + (wrapSums && term.kind === 'sum' ? `(${term.text})` : term.text);
  return text;
}

/** How a sum with these terms, in this order, is written: `a + b - c - d`. */
export function sumText(plus: readonly Canonical[], minus: readonly Canonical[]): string {
  return joinedTerms(plus, ' + ', false).slice(3) + joinedTerms(minus, ' - ', false);
}

/** How a product with these factors, in this order, is written, sums bracketed: `(a + b) * c / d`. */
export function productText(times: readonly Canonical[], over: readonly Canonical[]): string {
  return joinedTerms(times, ' * ', true).slice(3) + joinedTerms(over, ' / ', true);
}

function makeSum(plus: Canonical[], minus: Canonical[], value: Rational): Sum {
  plus.sort(compareTerms);
  minus.sort(compareTerms);
  return { kind: 'sum', plus, minus, value, text: sumText(plus, minus) };
}

function makeProduct(times: Canonical[], over: Canonical[], value: Rational): Product {
  times.sort(compareTerms);
  over.sort(compareTerms);
  return { kind: 'product', times, over, value, text: productText(times, over) };
}

const added = (c: Canonical): readonly Canonical[] => (c.kind === 'sum' ? c.plus : [c]);
const subtracted = (c: Canonical): readonly Canonical[] => (c.kind === 'sum' ? c.minus : []);
const multiplied = (c: Canonical): readonly Canonical[] => (c.kind === 'product' ? c.times : [c]);
const divided = (c: Canonical): readonly Canonical[] => (c.kind === 'product' ? c.over : []);

/**
 * The canonical form of `left op right`; null when the value is undefined (division by zero) or its
 * numerator or denominator leaves the safe-integer range.
 */
export function combine(op: Operator, left: Canonical, right: Canonical): Canonical | null {
  switch (op) {
    case '+': {
      const value = add(left.value, right.value);
      return (
        value &&
        makeSum([...added(left), ...added(right)], [...subtracted(left), ...subtracted(right)], value)
      );
    }
    case '-': {
      const value = subtract(left.value, right.value);
      return (
        value &&
        makeSum([...added(left), ...subtracted(right)], [...subtracted(left), ...added(right)], value)
      );
    }
    case '*': {
      const value = multiply(left.value, right.value);
      return (
        value &&
        makeProduct([...multiplied(left), ...multiplied(right)], [...divided(left), ...divided(right)], value)
      );
    }
    case '/': {
      const value = divide(left.value, right.value);
      return (
        value &&
        makeProduct([...multiplied(left), ...divided(right)], [...divided(left), ...multiplied(right)], value)
      );
    }
  }
}
