// Properties over random and hostile inputs: every mode returns a well-formed Verdict, never throws,
// and stays linear on megabyte-sized adversarial completions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_EXTRACTED_LENGTH, REASONS, type Verdict } from '../verdict.js';
import { canonicalDecimal, GSM8K_MODES, type Gsm8kMode, verifyGsm8k } from './index.js';

function expectWellFormed(result: Verdict): void {
  expect(typeof result.correct).toBe('boolean');
  expect(result.score).toBe(result.correct ? 1 : 0);
  expect(result.reason === 'correct').toBe(result.correct);
  expect(REASONS).toContain(result.reason);
  expect(typeof result.format_ok).toBe('boolean');
  if (result.extracted !== null) expect(result.extracted.length).toBeLessThanOrEqual(MAX_EXTRACTED_LENGTH);
}

/** Pieces that exercise every scanner: markers, digits of several scripts, signs, braces, stop strings. */
const PIECES = [
  '#### ',
  '####',
  '#',
  ' ',
  '\n',
  '-',
  '\u2212',
  '+',
  '$',
  '.',
  ',',
  '0',
  '1',
  '9',
  '18',
  '1,234',
  '\u0661',
  '\u{1d7cf}',
  '\uff18',
  'The answer is ',
  'answer: ',
  'Q:',
  'Question:',
  '</s>',
  '<|im_end|>',
  '\\boxed{',
  '\\boxed ',
  '\\fbox{',
  '{',
  '}',
  '\\frac',
  '\\sqrt',
  '\\text{ ',
  '\\times',
  '/',
  '=',
  '**',
  'x',
  '\u{1f600}',
  '\ud800',
  '\u200b',
];
const textArbitrary = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((pieces) => pieces.join('')),
);
const goldArbitrary = fc.constantFrom('18', '1,234', '-3', '0', '1,450,000', '7');

describe('every mode on random text', () => {
  it('returns a well-formed verdict and never throws', () => {
    fc.assert(
      fc.property(textArbitrary, goldArbitrary, fc.constantFrom(...GSM8K_MODES), (text, gold, mode) => {
        expectWellFormed(verifyGsm8k(text, { answer: gold }, { mode }));
      }),
      { numRuns: 3000 },
    );
  });

  it('gives the same verdict twice (no hidden state leaks between calls)', () => {
    fc.assert(
      fc.property(textArbitrary, goldArbitrary, fc.constantFrom(...GSM8K_MODES), (text, gold, mode) => {
        const first = verifyGsm8k(text, { answer: gold }, { mode });
        verifyGsm8k(`${text} 12345`, { answer: '999' }, { mode });
        expect(verifyGsm8k(text, { answer: gold }, { mode })).toEqual(first);
      }),
      { numRuns: 500 },
    );
  });
});

describe('identities', () => {
  const integer = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
  const prefix = fc.string({ maxLength: 80 }).map((text) => text.replaceAll('#', ''));

  it('`... #### n` is correct against gold n, and wrong against n + 1, in strict and auto', () => {
    fc.assert(
      fc.property(prefix, integer, fc.constantFrom<Gsm8kMode>('strict', 'auto'), (text, n, mode) => {
        const completion = `${text}\n#### ${n}`;
        expect(verifyGsm8k(completion, { answer: String(n) }, { mode })).toEqual({
          correct: true,
          score: 1,
          format_ok: true,
          extracted: String(n),
          reason: 'correct',
        });
        expect(verifyGsm8k(completion, { answer: String(n + 1n) }, { mode }).reason).toBe('wrong_answer');
      }),
    );
  });

  it('thousands separators, a dollar sign, trailing zeros and a trailing dot do not change the number', () => {
    fc.assert(
      fc.property(integer, fc.nat({ max: 4 }), (n, zeros) => {
        const grouped = n.toLocaleString('en-US');
        const completion = `#### $${grouped}${zeros > 0 ? `.${'0'.repeat(zeros)}` : ''}.`;
        expect(verifyGsm8k(completion, { answer: String(n) }, { mode: 'strict' }).correct).toBe(true);
        expect(verifyGsm8k(`\\boxed{${grouped}}`, { answer: grouped }, { mode: 'boxed' }).correct).toBe(true);
        expect(canonicalDecimal(grouped)).toBe(String(n));
      }),
    );
  });

  it('`#### n` is correct against gold n in the reproduction modes that read ####', () => {
    fc.assert(
      fc.property(integer, (n) => {
        for (const mode of ['openai', 'tinyzero', 'lm-eval-strict', 'verl-strict'] as const) {
          expect(verifyGsm8k(`Work.\n#### ${n}`, { answer: String(n) }, { mode }).correct).toBe(true);
        }
      }),
    );
  });

  it('the sign matters: -n is never n', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), (n) => {
        expect(verifyGsm8k(`#### -${n}`, { answer: String(n) }, { mode: 'strict' }).correct).toBe(false);
        expect(verifyGsm8k(`#### \u2212${n}`, { answer: `-${n}` }, { mode: 'strict' }).correct).toBe(true);
      }),
    );
  });
});

const MB = 1_000_000;

/** Hostile completions of about 1 MB each, built once. */
const HOSTILE: Record<string, string> = {
  'digit run': '9'.repeat(MB),
  'digit run after ####': `#### ${'9'.repeat(MB)}`,
  'digit run with commas': `#### 1${',000'.repeat(MB / 4)}`,
  '100k ####': '#### '.repeat(100_000),
  '100k #### -': '#### -'.repeat(100_000),
  '1M #': '#'.repeat(MB),
  '100k \\boxed{': '\\boxed{'.repeat(100_000),
  '100k \\boxed{ then a close': `${'\\boxed{'.repeat(100_000)}18}`,
  '100k \\boxed ': '\\boxed '.repeat(100_000),
  'unbalanced braces': `\\boxed{${'{'.repeat(MB)}`,
  'closing braces': `\\boxed{18${'}'.repeat(MB)}`,
  '\\frac flood in a box': `\\boxed{${'\\frac'.repeat(100_000)}}`,
  '\\sqrt and \\frac digits in a box': `\\boxed{${'\\sqrt2\\frac12'.repeat(50_000)}}`,
  'unicode digits': '\u0661'.repeat(MB),
  'astral digits': '\u{1d7cf}'.repeat(MB / 2),
  'minus signs': '\u2212'.repeat(MB),
  'minus then digit': '-1'.repeat(MB / 2),
  dots: '.'.repeat(MB),
  'the answer is': 'The answer is '.repeat(70_000),
  'answer words': 'answer answer: '.repeat(60_000),
  'stop strings': 'Q:Question:</s>'.repeat(60_000),
  'whitespace after ####': `####${' '.repeat(MB)}18`,
  'markup after ####': `#### ${'**$'.repeat(MB / 3)}18`,
};

describe('hostile megabyte inputs', () => {
  for (const [name, text] of Object.entries(HOSTILE)) {
    it(`${name}: every mode answers well under the 2 s bound`, () => {
      for (const mode of GSM8K_MODES) {
        const started = performance.now();
        const result = verifyGsm8k(text, { answer: '18' }, { mode });
        const elapsed = performance.now() - started;
        expectWellFormed(result);
        expect(elapsed, `${mode} took ${elapsed.toFixed(0)} ms`).toBeLessThan(2000);
      }
    });
  }
});
