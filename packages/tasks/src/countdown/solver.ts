// Exact Countdown solver. It enumerates every distinct solution (see canonical.ts for what makes two
// solutions the same) that uses every given number exactly once.
//
// A top-down search with two memo tables over subsets of the numbers. To make value v from a subset, it
// tries every split into a smaller and a larger part. For each value x of the smaller part (read from a
// full table of that part's values) and each operator, the larger part must make exactly one value y
// (v - x, x - v, v / x, ...), which is looked up in its own table if it is small or searched for in turn
// if it is large. So only expressions that reach the target are ever built, and the value tables of
// five- and six-number subsets are never filled (unless a zero makes every value fit). The forms of each
// (subset, value) pair are memoised, keyed by the subset's multiset of numbers so that repeated numbers
// share work.
import { type Canonical, combine, leaf, type Operator } from './canonical.js';
import { add, divide, integer, isZero, multiply, type Rational, rationalKey, subtract } from './rational.js';

export const MAX_COUNTDOWN_NUMBERS = 6;

// Subsets up to this many numbers get a full table of their values; larger ones are only searched for the
// values some split actually needs. Four measured fastest for six numbers (tables of five-number subsets
// hold tens of thousands of values, most never asked for).
const SMALL_SUBSET = 4;

export interface SolveOptions {
  /** Stop after this many distinct solutions (at least 1); all of them when omitted. */
  limit?: number;
}

interface ValueSet {
  readonly byKey: Map<number | string, Rational>;
  readonly list: Rational[];
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}

/** Every unordered split of `mask` into two non-empty parts, each listed once. */
function splitsOf(mask: number): [number, number][] {
  const splits: [number, number][] = [];
  const lowest = mask & -mask;
  for (let sub = (mask - 1) & mask; sub > 0; sub = (sub - 1) & mask) {
    if (sub & lowest) splits.push([sub, mask ^ sub]);
  }
  return splits;
}

function addValue(set: ValueSet, value: Rational | null): void {
  if (value === null) return;
  const key = rationalKey(value);
  if (!set.byKey.has(key)) {
    set.byKey.set(key, value);
    set.list.push(value);
  }
}

class CountdownSearch {
  private readonly multisetKeys: string[] = [];
  private readonly values = new Map<string, ValueSet>();
  private readonly forms = new Map<string, Canonical[]>();

  constructor(private readonly numbers: readonly number[]) {
    for (let mask = 1; mask < 1 << numbers.length; mask++) {
      const members: number[] = [];
      for (let i = 0; i < numbers.length; i++) if (mask & (1 << i)) members.push(numbers[i]!);
      this.multisetKeys[mask] = members.sort((a, b) => a - b).join(',');
    }
  }

  /** Every exact value that uses each number of `mask` exactly once. */
  valuesOf(mask: number): ValueSet {
    const memoKey = this.multisetKeys[mask]!;
    const known = this.values.get(memoKey);
    if (known) return known;
    const set: ValueSet = { byKey: new Map(), list: [] };
    if (popcount(mask) === 1) {
      addValue(set, integer(this.numbers[Math.log2(mask)]!));
    } else {
      for (const [left, right] of splitsOf(mask)) {
        const rightList = this.valuesOf(right).list;
        for (const a of this.valuesOf(left).list) {
          for (const b of rightList) {
            addValue(set, add(a, b));
            addValue(set, subtract(a, b));
            addValue(set, subtract(b, a));
            addValue(set, multiply(a, b));
            addValue(set, divide(a, b));
            addValue(set, divide(b, a));
          }
        }
      }
    }
    this.values.set(memoKey, set);
    return set;
  }

  /** The canonical forms over exactly the numbers of `mask` whose value is v, at most `limit` of them. */
  formsOf(mask: number, v: Rational, limit = Number.POSITIVE_INFINITY): Canonical[] {
    const memoKey = `${this.multisetKeys[mask]}=${rationalKey(v)}`;
    const known = this.forms.get(memoKey);
    if (known) return known.slice(0, limit);
    const found = new Map<string, Canonical>();
    if (popcount(mask) === 1) {
      const only = this.numbers[Math.log2(mask)]!;
      if (v.den === 1 && v.num === only) found.set(String(only), leaf(only));
    } else {
      for (const [small, large] of this.orderedSplits(mask, limit)) {
        this.collect(small, large, v, found, limit);
        if (found.size >= limit) break;
      }
    }
    const forms = [...found.values()];
    if (limit === Number.POSITIVE_INFINITY) this.forms.set(memoKey, forms);
    return forms;
  }

  // Each split as (smaller, larger) by count of numbers. With a limit, balanced splits go first: their
  // sides are small and cheap, so a first solution is often found before the large subsets are searched.
  private orderedSplits(mask: number, limit: number): [number, number][] {
    const splits = splitsOf(mask).map(([a, b]): [number, number] =>
      popcount(a) <= popcount(b) ? [a, b] : [b, a],
    );
    if (limit === Number.POSITIVE_INFINITY) return splits;
    return splits.sort(([s], [t]) => popcount(t) - popcount(s));
  }

  // The forms of `large` with value y: a lookup in the value table for small subsets (cheap to fill), a
  // memoised search for large ones, whose full value tables would be far bigger than what is asked of them.
  private partnerForms(large: number, y: Rational): Canonical[] {
    if (popcount(large) <= SMALL_SUBSET && !this.valuesOf(large).byKey.has(rationalKey(y))) return [];
    return this.formsOf(large, y);
  }

  // For each x of the smaller part, each operator fixes the one y the larger part must make so that
  // `x op y` or `y op x` is v; the zero cases (0 * y = 0 / y = 0) are the only ones that fit many y.
  private collect(
    small: number,
    large: number,
    v: Rational,
    found: Map<string, Canonical>,
    limit: number,
  ): void {
    const pair = (op: Operator, smallerOnLeft: boolean, x: Rational, y: Rational | null): boolean => {
      if (y === null) return false;
      const largeForms = this.partnerForms(large, y);
      if (largeForms.length > 0) {
        this.combineAll(op, smallerOnLeft, this.formsOf(small, x), largeForms, found, limit);
      }
      return found.size >= limit;
    };
    for (const x of this.valuesOf(small).list) {
      const sumsDone =
        pair('+', true, x, subtract(v, x)) ||
        pair('-', true, x, subtract(x, v)) ||
        pair('-', false, x, add(v, x));
      if (sumsDone) return;
      if (!isZero(x)) {
        const productsDone =
          pair('*', true, x, divide(v, x)) ||
          pair('/', false, x, multiply(v, x)) ||
          (!isZero(v) && pair('/', true, x, divide(x, v)));
        if (productsDone) return;
      } else if (isZero(v)) {
        for (const y of this.valuesOf(large).list) {
          if (pair('*', true, x, y) || (!isZero(y) && pair('/', true, x, y))) return;
        }
      }
    }
  }

  private combineAll(
    op: Operator,
    smallerOnLeft: boolean,
    smallForms: readonly Canonical[],
    largeForms: readonly Canonical[],
    found: Map<string, Canonical>,
    limit: number,
  ): void {
    for (const fx of smallForms) {
      for (const fy of largeForms) {
        const form = smallerOnLeft ? combine(op, fx, fy) : combine(op, fy, fx);
        if (form !== null) found.set(form.text, form);
        if (found.size >= limit) return;
      }
    }
  }
}

function checkInstance(numbers: readonly number[], target: number): void {
  if (numbers.length < 1 || numbers.length > MAX_COUNTDOWN_NUMBERS) {
    throw new RangeError(
      `countdown instances have 1 to ${MAX_COUNTDOWN_NUMBERS} numbers, got ${numbers.length}`,
    );
  }
  if (!numbers.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new RangeError(`countdown numbers must be non-negative integers, got [${numbers.join(', ')}]`);
  }
  if (!Number.isSafeInteger(target))
    throw new RangeError(`countdown target must be an integer, got ${target}`);
  // No intermediate of n numbers has a numerator or denominator above 2^(n-1) times the product of the
  // numbers, so below this bound every value is exact and none is lost to overflow.
  const bound = numbers.reduce((product, n) => product * Math.max(n, 1), 2 ** (numbers.length - 1));
  if (bound > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(`countdown numbers too large for exact search: [${numbers.join(', ')}]`);
  }
}

/**
 * Every distinct solution of a Countdown instance as an expression string (integers, + - * /, parentheses),
 * in canonical form; at most `limit` of them. An empty array means the instance has no solution.
 */
export function solveCountdown(
  numbers: readonly number[],
  target: number,
  options: SolveOptions = {},
): string[] {
  checkInstance(numbers, target);
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (!(limit >= 1)) throw new RangeError(`limit must be at least 1, got ${limit}`);
  const search = new CountdownSearch(numbers);
  const full = (1 << numbers.length) - 1;
  return search.formsOf(full, integer(target), limit).map((form) => form.text);
}

/** The number of distinct solutions (see canonical.ts for what counts as distinct). */
export function countSolutions(numbers: readonly number[], target: number): number {
  return solveCountdown(numbers, target).length;
}

export function isSolvable(numbers: readonly number[], target: number): boolean {
  return solveCountdown(numbers, target, { limit: 1 }).length > 0;
}
