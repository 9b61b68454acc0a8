// Property tests: every mode returns a well-formed Verdict for any text, in bounded time, and the exact
// mode agrees with an independent rational evaluator on random expression trees.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EXTRACTED_LENGTH, REASONS, type Verdict } from '../verdict.js';
import {
  COUNTDOWN_MODES,
  type CountdownMode,
  type CountdownReference,
  parseCountdownExpression,
  verifyCountdown,
} from './index.js';

const REFERENCE: CountdownReference = { target: 98, numbers: [44, 19, 35] };
const SCORES: Record<CountdownMode, number[]> = {
  exact: [0, 1],
  tinyzero: [0, 0.1, 1],
  minir1: [0, 1],
  'minir1-format': [0, 1],
};

function expectWellFormed(result: Verdict, mode: CountdownMode): void {
  expect(SCORES[mode]).toContain(result.score);
  expect(result.correct).toBe(result.score === 1);
  expect(REASONS).toContain(result.reason);
  expect(result.reason === 'correct').toBe(result.correct);
  expect(typeof result.format_ok).toBe('boolean');
  if (result.extracted !== null) expect(result.extracted.length).toBeLessThanOrEqual(MAX_EXTRACTED_LENGTH);
}

function verifyAllModes(text: string, reference = REFERENCE): void {
  for (const mode of COUNTDOWN_MODES) expectWellFormed(verifyCountdown(text, reference, { mode }), mode);
}

const hostilePiece = fc.constantFrom(
  '<answer>',
  '</answer>',
  '<think>',
  '</think>',
  'Assistant:',
  '\n',
  '\r',
  '(',
  ')',
  '**',
  '//',
  '-',
  '+',
  '*',
  '/',
  '.',
  '...',
  '=',
  ' ',
  '44',
  '19',
  '35',
  '0',
  '00',
  '9**9**9',
  '４',
  '٣',
  '\u2212',
  '\u00a0',
  '\u001c',
  '𝟗',
);
const hostileText = fc
  .array(fc.oneof(hostilePiece, fc.string({ maxLength: 4 })), { maxLength: 60 })
  .map((parts) => parts.join(''));

describe('every mode returns a well-formed Verdict', () => {
  it('for arbitrary unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => verifyAllModes(text)),
      { numRuns: 300 },
    );
  });

  it('for hostile mixes of tags, operators, digits and unicode look-alikes, inside and outside answers', () => {
    fc.assert(
      fc.property(hostileText, fc.boolean(), (text, wrap) => {
        verifyAllModes(wrap ? ` x </think>\n<answer>${text}</answer>` : text);
      }),
      { numRuns: 1500 },
    );
  });

  it('for random references, including empty and duplicated number lists', () => {
    fc.assert(
      fc.property(
        hostileText,
        fc.integer({ min: -1000, max: 1000 }),
        fc.array(fc.nat({ max: 100 }), { maxLength: 6 }),
        (text, target, numbers) => verifyAllModes(`<answer>${text}</answer>`, { target, numbers }),
      ),
      { numRuns: 500 },
    );
  });
});

const MEGABYTE = 1 << 20;
const ones = (count: number) => Array.from({ length: count }, () => 1);

/** `((t+t)+(t+t))+...`: many terms, shallow enough for CPython's parser and compiler. */
function balancedSum(term: string, count: number): string {
  let parts = Array.from({ length: count }, () => term);
  while (parts.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < parts.length; i += 2)
      next.push(i + 1 < parts.length ? `(${parts[i]}+${parts[i + 1]})` : (parts[i] as string));
    parts = next;
  }
  return parts[0] as string;
}

interface Hostile {
  text: string;
  reference?: CountdownReference;
  /** Only the exact mode may (and must) accept these; the reference modes never do. */
  exactCorrect?: boolean;
}

const HOSTILE: Record<string, Hostile> = {
  '1 MB digit run in an answer': { text: `<answer>${'9'.repeat(MEGABYTE)}</answer>` },
  '1 MB digit run without tags': { text: '7'.repeat(MEGABYTE) },
  '100k nested parentheses': {
    text: `<answer>${'('.repeat(100_000)}44+19+35${')'.repeat(100_000)}</answer>`,
    exactCorrect: true,
  },
  '100k unclosed parentheses': { text: `<answer>${'('.repeat(100_000)}</answer>` },
  '100k unary minus signs': { text: `<answer>${'-'.repeat(100_000)}44+19+35</answer>` },
  'flood of <answer> tags': { text: '<answer>'.repeat(MEGABYTE / 8) },
  'flood of complete answers': { text: '<answer>1+2</answer>'.repeat(MEGABYTE / 20) },
  'flood of answers split by newlines': { text: `${'<answer>1+\n'.repeat(MEGABYTE / 12)}</answer>` },
  'flood of </think>': { text: '</think>'.repeat(MEGABYTE / 8) },
  'unicode digits and minus signs': { text: `<answer>${'４\u2212٣'.repeat(MEGABYTE / 3)}</answer>` },
  'power tower over the given numbers': {
    text: '<answer>9**9**9</answer>',
    reference: { target: 1, numbers: [9, 9, 9] },
  },
  'deep power tower': {
    text: `<answer>${'9**'.repeat(5000)}9</answer>`,
    reference: { target: 1, numbers: Array.from({ length: 5001 }, () => 9) },
  },
  'thousands of big powers': {
    text: `<answer>${balancedSum('9**99999', 4096)}</answer>`,
    reference: { target: 1, numbers: Array.from({ length: 4096 }, () => [9, 99999]).flat() },
  },
  '100k-term sum over given ones': {
    text: `<answer>${ones(100_000).join('+')}</answer>`,
    reference: { target: 100_000, numbers: ones(100_000) },
    exactCorrect: true,
  },
};

describe('hostile inputs: no throw, no stack overflow, bounded time', () => {
  for (const [name, { text, reference = REFERENCE, exactCorrect = false }] of Object.entries(HOSTILE)) {
    it(name, () => {
      for (const mode of COUNTDOWN_MODES) {
        const started = performance.now();
        const result = verifyCountdown(text, reference, { mode, prompt: 'Assistant:' });
        expect(performance.now() - started, mode).toBeLessThan(2000);
        expectWellFormed(result, mode);
        if (mode !== 'minir1-format') expect(result.correct, mode).toBe(mode === 'exact' && exactCorrect);
      }
    });
  }

  it('scales linearly: 1 MB of thinking costs about ten times 100 KB', () => {
    const filler = (size: number) =>
      `${'Let me think about it. '.repeat(size / 23)}</think>\n<answer>44+19+35</answer>`;
    const timePerVerdict = (text: string, mode: CountdownMode) => {
      let runs = 0;
      const started = performance.now();
      while (performance.now() - started < 60) {
        verifyCountdown(text, REFERENCE, { mode, prompt: 'Assistant:' });
        runs++;
      }
      return (performance.now() - started) / runs;
    };
    for (const mode of ['tinyzero', 'minir1', 'minir1-format'] as const) {
      const small = timePerVerdict(filler(100_000), mode);
      const large = timePerVerdict(filler(MEGABYTE), mode);
      // Generous: linear scaling gives ~10; quadratic behaviour would give ~100.
      expect(large / small, mode).toBeLessThan(40);
    }
  });
});

// ------------------------------------------------------------- generative correctness

type Tree = number | { op: '+' | '-' | '*' | '/'; left: Tree; right: Tree };
interface Fraction {
  n: bigint;
  d: bigint;
}

/** An independent exact evaluator (recursive; the trees are shallow). null for division by zero. */
function evaluateTree(tree: Tree): Fraction | null {
  if (typeof tree === 'number') return { n: BigInt(tree), d: 1n };
  const a = evaluateTree(tree.left);
  const b = evaluateTree(tree.right);
  if (a === null || b === null) return null;
  switch (tree.op) {
    case '+':
      return { n: a.n * b.d + b.n * a.d, d: a.d * b.d };
    case '-':
      return { n: a.n * b.d - b.n * a.d, d: a.d * b.d };
    case '*':
      return { n: a.n * b.n, d: a.d * b.d };
    default:
      if (b.n === 0n) return null;
      return b.n < 0n ? { n: -a.n * b.d, d: a.d * -b.n } : { n: a.n * b.d, d: a.d * b.n };
  }
}

/** Fully parenthesised rendering with random spacing, so that precedence never matters. */
function renderTree(tree: Tree, space: string): string {
  if (typeof tree === 'number') return String(tree);
  return `(${renderTree(tree.left, space)}${space}${tree.op}${space}${renderTree(tree.right, space)})`;
}

/** Every intermediate value is below 1e6 with a denominator below 1e6, so float error stays far below 1e-5. */
function smallThroughout(tree: Tree): boolean {
  const value = evaluateTree(tree);
  if (value === null) return false;
  const magnitude = value.n < 0n ? -value.n : value.n;
  const denominator = value.d < 0n ? -value.d : value.d;
  if (magnitude > 1_000_000n * denominator || denominator > 1_000_000n) return false;
  return typeof tree === 'number' || (smallThroughout(tree.left) && smallThroughout(tree.right));
}

function leaves(tree: Tree): number[] {
  return typeof tree === 'number' ? [tree] : [...leaves(tree.left), ...leaves(tree.right)];
}

const treeArbitrary: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 2 ** 40 })),
    fc.record({ op: fc.constantFrom('+', '-', '*', '/'), left: tie('tree'), right: tie('tree') }),
  ),
})).tree;

describe('generative correctness', () => {
  it('exact mode agrees with an independent rational evaluator', () => {
    fc.assert(
      fc.property(treeArbitrary, fc.constantFrom('', ' ', '\t'), (tree, space) => {
        const expression = renderTree(tree, space);
        const value = evaluateTree(tree);
        const numbers = leaves(tree);
        const parsed = parseCountdownExpression(expression);
        if (value === null) {
          expect(parsed).toEqual({ ok: false, reason: 'division_by_zero' });
          expect(verifyCountdown(`<answer>${expression}</answer>`, { target: 0, numbers }).reason).toBe(
            'division_by_zero',
          );
          return;
        }
        expect(parsed.ok && parsed.value.num * value.d === value.n * parsed.value.den).toBe(true);
        expect(parsed.ok && parsed.numbers).toEqual(numbers.map(BigInt));
        const integral = value.n % value.d === 0n;
        const target = Number(value.n / value.d);
        if (!Number.isSafeInteger(target)) return;
        const result = verifyCountdown(`<answer>${expression}</answer>`, {
          target,
          numbers: [...numbers].reverse(),
        });
        expect(result.reason).toBe(integral ? 'correct' : 'wrong_answer');
      }),
      { numRuns: 1000 },
    );
  });

  it('tinyzero and minir1 accept the same small integer-valued equations', () => {
    fc.assert(
      fc.property(treeArbitrary, (tree) => {
        const value = evaluateTree(tree);
        fc.pre(value !== null && value.n % value.d === 0n && leaves(tree).length <= 8);
        const target = Number((value as Fraction).n / (value as Fraction).d);
        fc.pre(smallThroughout(tree));
        const reference = { target, numbers: leaves(tree) };
        const text = ` x </think>\n<answer>${renderTree(tree, ' ')}</answer>`;
        expect(verifyCountdown(text, reference, { mode: 'tinyzero' }).score).toBe(1);
        expect(verifyCountdown(text, reference, { mode: 'minir1' }).score).toBe(1);
        expect(verifyCountdown(text, { ...reference, target: target + 1 }, { mode: 'tinyzero' }).score).toBe(
          0.1,
        );
      }),
      { numRuns: 500 },
    );
  });
});
