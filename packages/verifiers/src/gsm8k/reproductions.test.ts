// Reproduction modes: each reference's quirks, with the string that reference extracts.
import { describe, expect, it } from 'vitest';
import { type Gsm8kMode, verifyGsm8k } from './index.js';
import { cutAtStopStrings, lmEvalNormalize } from './lm-eval.js';

/** [completion, gold, score, extracted (null: the reference found nothing)]. */
type Row = [string, string, 0 | 1, string | null];

function check(mode: Gsm8kMode, [completion, gold, score, extracted]: Row): void {
  const result = verifyGsm8k(completion, { answer: gold }, { mode });
  expect(result.score).toBe(score);
  expect(result.correct).toBe(score === 1);
  expect(result.extracted).toBe(extracted);
  expect(result.reason).toBe(score === 1 ? 'correct' : extracted === null ? 'no_answer' : 'wrong_answer');
}

const openAiRows: Row[] = [
  ['#### 18', '18', 1, '18'],
  ['##### 18', '18', 1, '18'],
  ['#### 1,234', '1234', 1, '1234'],
  ['#### 1234', '1,234', 1, '1234'],
  ['#### 18.', '18', 0, '18.'],
  ['#### 18.00', '18', 0, '18.00'],
  ['#### 0018', '18', 0, '0018'],
  ['#### -3', '3', 0, '-3'],
  ['#### $18', '18', 0, null],
  ['####18', '18', 0, null],
  ['#### \u0661\u0668', '18', 0, null],
  ['#### 18 #### 20', '18', 1, '18'],
  ['#### x #### 18', '18', 1, '18'],
  ['#### - 18', '18', 0, null],
  ['#### 1\u200b8', '18', 0, '1'],
];

describe.each(['openai', 'tinyzero'] as const)('%s: the first "#### " number, commas removed', (mode) => {
  it.each(openAiRows)('%j (gold %s)', (...row) => check(mode, row));
});

describe('lm-eval-strict', () => {
  it.each<Row>([
    ['#### 18', '18', 1, '18'],
    ['#### 18.', '18', 1, '18.'],
    ['#### $18', '18', 0, null],
    ['#### 1,234', '1,234', 1, '1,234'],
    ['#### 18.00', '18', 0, '18.00'],
    ['#### 18 #### 20', '18', 1, '18'],
    ['#### 18\n\nQuestion: next?\n#### 28', '18', 1, '18'],
    ['Question: next?\n#### 18', '18', 0, null],
    ['</s>#### 18', '18', 0, null],
    ['#### 18<|im_end|>#### 20', '18', 1, '18'],
  ])('%j (gold %s)', (...row) => check('lm-eval-strict', row));
});

describe('lm-eval-flexible: the last match of (-?[$0-9.,]{2,})|(-?[0-9]+)', () => {
  it.each<Row>([
    ['She makes 18 dollars.', '18', 1, '18'],
    ['The final answer is 18.', '18', 1, '18.'],
    ['The answer is $18$', '18', 1, '$18$'],
    ['So the answer is $\\boxed{18}$.', '18', 0, '$.'],
    ['The answer is 18. Hmm, let me think...', '18', 0, '...'],
    ['Between 10-18', '18', 0, '-18'],
    ['It is -7', '-7', 1, '-7'],
    ['It is 7 $', '7', 1, '7'],
    ['#### 18\nQuestion: 28', '18', 1, '18'],
    ['Q: 5\n#### 18', '18', 1, '18'],
    ['no digits', '18', 0, null],
  ])('%j (gold %s)', (...row) => check('lm-eval-flexible', row));
});

describe('lm-eval-cot-strict: "The answer is N" plus one more character', () => {
  it.each<Row>([
    ['The answer is 18.', '18', 1, '18'],
    ['The answer is 18 dollars.', '18', 1, '18'],
    ['The answer is 18', '18', 0, '1'],
    ['The answer is 18\n', '18', 0, '1'],
    ['The answer is 18.\n', '18', 1, '18'],
    ['The answer is 7', '7', 0, null],
    ['The answer is -7', '-7', 0, null],
    ['The answer is -7.', '-7', 1, '-7'],
    ['The answer is 18.00.', '18', 0, '18.00'],
    ['The answer is 20.\nThe answer is 18.', '18', 0, '20'],
    ['The answer is x. The answer is 18.', '18', 1, '18'],
    ['the answer is 18.', '18', 0, null],
    ['The answer is 1,234.', '1,234', 1, '1,234'],
    ['FAQ: The answer is 18.', '18', 0, null],
    ['The answer is 18.\nQ: next', '18', 1, '18'],
  ])('%j (gold %s)', (...row) => check('lm-eval-cot-strict', row));
});

describe('lm-eval-cot-flexible', () => {
  it.each<Row>([
    ['The answer is 18.', '18', 1, '18.'],
    ['#### 18\n\nQuestion: how many?\n#### 28', '18', 0, '28'],
    ['#### 18\nQ: how many?\n#### 28', '18', 1, '18'],
  ])('%j (gold %s)', (...row) => check('lm-eval-cot-flexible', row));
});

const filler = (length: number): string => 'x'.repeat(length);

describe('verl-strict: the last "#### " number in the last 300 characters', () => {
  it.each<Row>([
    ['#### 18', '18', 1, '18'],
    ['#### 1,234', '1,234', 1, '1234'],
    ['#### 18 #### 20', '18', 0, '20'],
    ['#### 18.', '18', 0, '18.'],
    [`#### 18\n${filler(292)}`, '18', 1, '18'],
    [`#### 18\n${filler(293)}`, '18', 0, null],
    [`#### 1818${filler(292)}`, '1818', 0, null],
    // 293 emoji are 586 UTF-16 units but 293 Python characters: the marker stays in the window.
    [`#### 18${'\u{1f600}'.repeat(293)}`, '18', 1, '18'],
    [`#### 18${'\u{1f600}'.repeat(294)}`, '18', 0, null],
  ])('%j (gold %s)', (...row) => check('verl-strict', row));
});

describe('verl-flexible: the last -?[0-9.,]+ run that is not "."', () => {
  it.each<Row>([
    ['She makes 18 dollars.', '18', 1, '18'],
    ['She makes 18.', '18', 0, '18.'],
    ['The total is 1,234', '1234', 0, '1,234'],
    ['#### $18$', '18', 1, '18'],
    ['Between 10-18', '18', 0, '-18'],
    ['I do not know.', '18', 0, '.'],
    ['Well... maybe. No.', '18', 0, '...'],
    ['Well. Maybe. No.', '18', 0, '.'],
    ['Hello, world', '18', 0, ','],
    [`18 ${filler(296)}.`, '18', 1, '18'],
    [`18 ${filler(297)}.`, '18', 0, '8'],
    [`18 ${filler(298)}.`, '18', 0, '.'],
    ['', '18', 0, null],
  ])('%j (gold %s)', (...row) => check('verl-flexible', row));
});

describe('verl2llm-boxed: last \\boxed, MATH string cleaning, no numeric comparison', () => {
  it.each<Row>([
    ['\\boxed{18}', '18', 1, '\\boxed{18}'],
    ['$\\boxed{18}$.', '18', 1, '\\boxed{18}'],
    ['\\boxed{18.0}', '18', 0, '\\boxed{18.0}'],
    ['\\boxed{1,234}', '1,234', 0, '\\boxed{1,234}'],
    ['\\boxed{18 mph}', '18', 0, '\\boxed{18 mph}'],
    ['\\boxed{18 \\text{ dollars}}', '18', 1, '\\boxed{18 \\text{ dollars}}'],
    ['\\boxed{\\$18}', '18', 1, '\\boxed{\\$18}'],
    ['\\boxed{18\\%}', '18', 1, '\\boxed{18\\%}'],
    ['\\boxed{x = 18}', '18', 1, '\\boxed{x = 18}'],
    ['\\boxed{18^\\circ}', '18', 1, '\\boxed{18^\\circ}'],
    ['\\boxed{\\!18\n}', '18', 1, '\\boxed{\\!18\n}'],
    ['\\boxed{18} and \\boxed{20}', '18', 0, '\\boxed{20}'],
    ['\\boxed{18} then \\boxed', '18', 0, null],
    ['\\boxed{18} then \\boxed{20', '18', 0, null],
    ['The answer is \\boxed 18$ indeed', '18', 1, '\\boxed 18'],
    ['The answer is \\boxed 18 dollars', '18', 0, '\\boxed 18 dollars'],
    ['\\boxed{20} \\boxed 18', '18', 1, '\\boxed 18'],
    ['#### 18', '18', 0, null],
    ['\\boxed{}', '18', 0, '\\boxed{}'],
  ])('%j (gold %s)', (...row) => check('verl2llm-boxed', row));

  it('applies the fraction rules of MATH to the gold as well', () => {
    check('verl2llm-boxed', ['\\boxed{.5}', '0.5', 1, '\\boxed{.5}']);
    check('verl2llm-boxed', ['\\boxed{1/2}', '0.5', 1, '\\boxed{1/2}']);
    check('verl2llm-boxed', ['\\boxed{\\dfrac12}', '0.5', 1, '\\boxed{\\dfrac12}']);
  });

  it("scores an \\fbox 0: verl's remove_boxed asserts a \\boxed{ prefix", () => {
    expect(verifyGsm8k('\\fbox{18}', { answer: '18' }, { mode: 'verl2llm-boxed' })).toEqual({
      correct: false,
      score: 0,
      format_ok: false,
      extracted: '\\fbox{18}',
      reason: 'malformed',
    });
    expect(verifyGsm8k('\\boxedx{18}', { answer: '18' }, { mode: 'verl2llm-boxed' }).reason).toBe(
      'malformed',
    );
  });
});

describe('lm-eval helpers', () => {
  it('cuts at the first stop string of any kind', () => {
    expect(cutAtStopStrings('a</s>b<|im_end|>c', ['Question:', '</s>', '<|im_end|>'])).toBe('a');
    expect(cutAtStopStrings('abc', ['Q:'])).toBe('abc');
  });

  it('normalises like regexes_to_ignore then lower-casing', () => {
    expect(lmEvalNormalize('$1,234.')).toBe('1234');
    expect(lmEvalNormalize('Work $5.\n#### 1,234')).toBe('1234');
    expect(lmEvalNormalize('18.\n')).toBe('18\n');
    expect(lmEvalNormalize('18..')).toBe('18.');
    expect(lmEvalNormalize('[INVALID]')).toBe('[invalid]');
  });
});

describe('gold the references cannot read', () => {
  it.each(['openai', 'tinyzero', 'verl-strict', 'verl-flexible', 'verl2llm-boxed'] as const)(
    '%s: a gold without a number is an invalid reference (the reference would crash)',
    (mode) => {
      expect(verifyGsm8k('#### 18', { answer: 'eighteen' }, { mode })).toEqual({
        correct: false,
        score: 0,
        format_ok: false,
        extracted: 'gsm8k gold "eighteen" is not a number',
        reason: 'invalid_reference',
      });
    },
  );

  it('lm-eval compares strings, so any gold is usable', () => {
    expect(verifyGsm8k('#### 18', { answer: 'eighteen' }, { mode: 'lm-eval-strict' }).reason).toBe(
      'wrong_answer',
    );
  });

  it('survives non-string input from plain JavaScript callers', () => {
    const loose = verifyGsm8k as (completion: unknown, reference: unknown, options?: unknown) => unknown;
    expect(loose(undefined, { answer: 18 }, { mode: 'strict' })).toMatchObject({ reason: 'no_answer' });
    expect(loose('#### 18', { answer: 18 }, { mode: 'openai' })).toMatchObject({ correct: true });
  });
});
