// Crossover's own modes: exact expectations for the formats models actually produce.
import { describe, expect, it } from 'vitest';
import { REASONS, type Reason } from '../verdict.js';
import { type Gsm8kMode, verifyGsm8k } from './index.js';

interface Expectation {
  extracted: string | null;
  reason: Reason;
  formatOk: boolean;
  /** Only the part before a run-on (a new question or turn) was judged. */
  runOn?: true;
}

function check(completion: string, gold: string, mode: Gsm8kMode, expected: Expectation): void {
  const result = verifyGsm8k(completion, { answer: gold }, { mode });
  const correct = expected.reason === 'correct';
  expect(result).toEqual({
    correct,
    score: correct ? 1 : 0,
    format_ok: expected.formatOk,
    extracted: expected.extracted,
    reason: expected.reason,
    ...(expected.runOn ? { run_on: true } : {}),
  });
}

const right = (extracted: string, formatOk = true): Expectation => ({
  extracted,
  reason: 'correct',
  formatOk,
});
const wrong = (extracted: string, formatOk = true): Expectation => ({
  extracted,
  reason: 'wrong_answer',
  formatOk,
});
const none: Expectation = { extracted: null, reason: 'no_answer', formatOk: false };
/** The marker was there (format followed) but what it holds is not one number. */
const malformed: Expectation = { extracted: null, reason: 'malformed', formatOk: true };

describe('strict: the answer after the last ####', () => {
  it.each<[string, string, Expectation]>([
    ['Work.\n#### 18', '18', right('18')],
    ['Work.\n####18', '18', right('18')],
    ['Work.\n##### 18', '18', right('18')],
    ['Work.\n####\n18', '18', right('18')],
    ['#### 18.', '18', right('18')],
    ['#### 18.00', '18', right('18')],
    ['#### 18.50', '18.5', right('18.5')],
    ['#### $18', '18', right('18')],
    ['#### $ 18', '18', right('18')],
    ['#### $18$', '18', right('18')],
    ['#### **18**', '18', right('18')],
    ['#### \\text{18}', '18', right('18')],
    ['#### \\boxed{18}', '18', right('18')],
    ['#### 18 dollars', '18', right('18')],
    ['#### 18%', '18', right('18')],
    ['#### 1,234', '1,234', right('1234')],
    ['#### 1234', '1,234', right('1234')],
    ['#### 1,450,000', '1,450,000', right('1450000')],
    ['#### 70,000', '70000', right('70000')],
    ['#### -3', '-3', right('-3')],
    ['#### \u22123', '-3', right('-3')],
    ['#### (-3)', '-3', right('-3')],
    ['#### 3', '-3', wrong('3')],
    ['#### -3', '3', wrong('-3')],
    ['#### \u0661\u0668', '18', right('18')],
    ['#### \uff11\uff18', '18', right('18')],
    ['#### 18 #### 20', '18', wrong('20')],
    ['#### 20\n#### 18', '18', right('18')],
    ['#### 18\n#### Notes', '18', right('18')],
    ['#### 18<|endoftext|>', '18', { ...right('18'), runOn: true }],
    ['#### 1,23', '123', malformed],
    ['#### 12,3456', '123456', malformed],
    ['#### 1/2', '1', malformed],
    ['#### 9 * 2 = 18', '18', malformed],
    ['#### 1.2.3', '1.2', malformed],
    ['#### 1e3', '1000', malformed],
    ['#### \u201310', '-10', none],
    ['The answer is 18.', '18', none],
    ['\\boxed{18}', '18', none],
    ['', '18', none],
  ])('%j (gold %s)', (completion, gold, expected) => check(completion, gold, 'strict', expected));

  it('refuses a number of a million digits without comparing it', () => {
    check(`#### ${'9'.repeat(1_000_000)}`, '9', 'strict', {
      extracted: null,
      reason: 'too_long',
      formatOk: true,
    });
  });
});

describe('boxed: the content of the last balanced \\boxed{}', () => {
  it.each<[string, string, Expectation]>([
    ['So the answer is \\boxed{18}.', '18', right('18')],
    ['$\\boxed{18}$', '18', right('18')],
    ['\\[\\boxed{18}\\]', '18', right('18')],
    ['\\boxed{18.00}', '18', right('18')],
    ['\\boxed{\\$18}', '18', right('18')],
    ['\\boxed{18\\%}', '18', right('18')],
    ['\\boxed{18 mph}', '18', right('18')],
    ['\\boxed{18 \\text{ dollars}}', '18', right('18')],
    ['\\boxed{\\text{18}}', '18', right('18')],
    ['\\boxed{\\textbf{18}}', '18', right('18')],
    ['\\boxed{1,000}', '1000', right('1000')],
    ['\\boxed{-10}', '-10', right('-10')],
    ['\\boxed{18.001}', '18', wrong('18.001')],
    ['\\boxed{18} then \\boxed{20}', '18', wrong('20')],
    ['\\boxed{18} then \\boxed{20', '18', right('18')],
    ['\\boxed{\\boxed{18}}', '18', right('18')],
    ['\\boxed{9 \\times 2}', '18', malformed],
    ['\\boxed{18, 20}', '18', malformed],
    ['\\boxed{}', '18', none],
    ['\\boxed{\\frac{1}{2}}', '0.5', none],
    ['#### 18', '18', none],
  ])('%j (gold %s)', (completion, gold, expected) => check(completion, gold, 'boxed', expected));
});

describe('flexible: the last number of the text', () => {
  it.each<[string, string, Expectation]>([
    ['So she makes 18 dollars.', '18', right('18')],
    ['She makes 18 dollars...', '18', right('18')],
    ['Between 10-18', '18', right('18')],
    ['It is \u22123 degrees', '-3', right('-3')],
    ['x = -3', '-3', right('-3')],
    ['The total is $1,234.', '1234', right('1234')],
    ['The items are 3,4,5', '5', right('5')],
    ['Version 1.2.3', '2.3', right('2.3')],
    ['It costs 0.50 now', '0.5', right('0.5')],
    ['#### 18\nThis took 5 minutes.', '18', wrong('5')],
    ['\u0661\u0668', '18', right('18')],
    ['no digits here', '18', none],
  ])('%j (gold %s)', (completion, gold, expected) => check(completion, gold, 'flexible', expected));
});

describe('auto: strict, else boxed, else "the answer is", else flexible', () => {
  it.each<[string, string, Expectation]>([
    ['#### 18\n\\boxed{20}', '18', right('18')],
    ['\\boxed{18}\nThe answer is 20.', '18', right('18')],
    ['The answer is 18. It took 5 minutes.', '18', right('18')],
    ['The final answer is **18**.', '18', right('18')],
    ['Final Answer: $18', '18', right('18')],
    ['THE ANSWER IS 18', '18', right('18')],
    ['The answer is: 18.', '18', right('18')],
    ['The answer is 18.\nWait, the answer is 20.', '18', wrong('20')],
    ['Answers vary. She makes 18.', '18', right('18', false)],
    ['She makes 18 dollars.', '18', right('18', false)],
    ['\\boxed{}\nShe makes 18.', '18', right('18', false)],
    ['\\boxed{9 \\times 2}', '18', malformed],
    ['Nothing to see.', '18', none],
  ])('%j (gold %s)', (completion, gold, expected) => check(completion, gold, 'auto', expected));
});

describe('gold handling', () => {
  it('accepts a whole dataset answer as gold and rejects a gold that is not a number', () => {
    expect(verifyGsm8k('#### 18', { answer: 'She makes 9 * 2 = 18.\n#### 18' }).correct).toBe(true);
    const invalid = verifyGsm8k('#### 18', { answer: 'eighteen' });
    expect(invalid.reason).toBe('invalid_reference');
    expect(invalid.correct).toBe(false);
  });

  it('defaults to auto and only ever returns reasons of the closed set', () => {
    const result = verifyGsm8k('She makes 18.', { answer: '18' });
    expect(result).toEqual({ correct: true, score: 1, format_ok: false, extracted: '18', reason: 'correct' });
    expect(REASONS).toContain(result.reason);
  });
});
