// Expected scores below were produced by running TinyZero's compute_score and mini-R1's
// equation_reward_func under CPython 3.11 on the same inputs (base prompt in front for TinyZero).
import { describe, expect, it } from 'vitest';
import { verifyCountdown } from './index.js';

type Row = [equation: string, numbers: number[], target: number, tinyzero: number, minir1: number];

const ones = (n: number) => Array.from({ length: n }, () => 1);
const sumOfOnes = (n: number) => ones(n).join('+');

const ROWS: Row[] = [
  ['2**-1*6', [2, 1, 6], 3, 1, 1],
  ['2**3*1', [2, 3, 1], 8, 1, 1],
  ['2*3*1', [2, 3, 1], 8, 0.1, 0],
  ['-2**2+8', [2, 2, 8], 4, 1, 1],
  ['7//2*2', [7, 2, 2], 6, 1, 1],
  ['-7//2', [7, 2], -4, 1, 1],
  ['7.//2', [7, 2], 3, 1, 1],
  ['5//.5', [5, 5], 10, 1, 1],
  // Floor division turns a one-unit pow error into a different integer: pow must round like glibc.
  ['4//10**(-5)', [4, 10, 5], 399999, 1, 1],
  ['10//6**-6', [10, 6, 6], 466560, 1, 1],
  ['044+19+35', [44, 19, 35], 98, 0.1, 0],
  ['00+98', [0, 98], 98, 1, 1],
  [`${'('.repeat(200)}44+19+35${')'.repeat(200)}`, [44, 19, 35], 98, 1, 1],
  [`${'('.repeat(201)}44+19+35${')'.repeat(201)}`, [44, 19, 35], 98, 0.1, 0],
  ['４４+19+35', [44, 19, 35], 98, 0.1, 0],
  ['٤٤+19+35', [44, 19, 35], 98, 0.1, 0],
  ['100000001/100000000', [100000001, 100000000], 1, 1, 1],
  ['1/3*3', [1, 3, 3], 1, 1, 1],
  ['7/3*9', [7, 3, 9], 21, 1, 1],
  ['(1-2)**(1/2)*0+98', [1, 2, 1, 2, 0, 98], 98, 1, 0],
  ['(0-8)**(1/3)*(0-8)**(1/3)*(0-8)**(1/3)', [0, 8, 1, 3, 0, 8, 1, 3, 0, 8, 1, 3], -8, 1, 0],
  ['(-4)**.5*(-4)**.5', [4, 5, 4, 5], -4, 1, 0],
  ['4**.5', [4, 5], 2, 1, 1],
  ['2**0.5**2', [2, 0, 5, 2], 1, 0.1, 0],
  ['10**400/10**399', [10, 400, 10, 399], 10, 1, 1],
  ['1/10**400+98', [1, 10, 400, 98], 98, 1, 1],
  ['10**400', [10, 400], 4, 0.1, 0],
  ['2**1024*1.', [2, 1024, 1], 4, 0.1, 0],
  ['(2**53+1)*1.', [2, 53, 1, 1], 9007199254740992, 1, 1],
  ['0**-1+5', [0, 1, 5], 5, 0.1, 0],
  ['0.**-1', [0, 1], 0, 0.1, 0],
  ['()', [], 0, 0.1, 0],
  ['...', [], 0, 0.1, 0],
  ['(44)(19)+35', [44, 19, 35], 98, 0.1, 0],
  ['44 .19+35', [44, 19, 35], 98, 0.1, 0],
  ['(44\r+19+35)', [44, 19, 35], 98, 1, 1],
  ['44\r+19+35', [44, 19, 35], 98, 0.1, 0],
  ['44\f+19+35', [44, 19, 35], 98, 1, 1],
  ['44\v+19+35', [44, 19, 35], 98, 0.1, 0],
  ['1.5*2*(3+1)', [1, 5, 2, 3, 1], 12, 1, 1],
  [sumOfOnes(5000), ones(5000), 5000, 0.1, 0],
  [sumOfOnes(2000), ones(2000), 2000, 1, 1],
  [`${'-'.repeat(999)}44+19+35`, [44, 19, 35], 10, 1, 1],
  // CPython's parser stops at 6000 nested rule calls (28 per parenthesis, 1 per unary, 2 per `**`).
  [`${'-('.repeat(200)}${'-'.repeat(175)}1${')'.repeat(200)}`, [1], -1, 1, 1],
  [`${'-('.repeat(200)}${'-'.repeat(176)}1${')'.repeat(200)}`, [1], 1, 0.1, 0],
  [`${'('.repeat(100)}${'1**'.repeat(1587)}1${')'.repeat(100)}`, ones(1588), 1, 1, 1],
  [`${'('.repeat(100)}${'1**'.repeat(1588)}1${')'.repeat(100)}`, ones(1589), 1, 0.1, 0],
];

const completion = (equation: string) => ` x </think>\n<answer>${equation}</answer>`;

describe('tinyzero and minir1 on tricky equations (scores from the reference code)', () => {
  for (const [equation, numbers, target, tinyzero, minir1] of ROWS) {
    const name = JSON.stringify(equation.length > 40 ? `${equation.slice(0, 40)}…` : equation);
    it(`${name} -> tinyzero ${tinyzero}, minir1 ${minir1}`, () => {
      const reference = { target, numbers };
      expect(verifyCountdown(completion(equation), reference, { mode: 'tinyzero' }).score).toBe(tinyzero);
      expect(verifyCountdown(completion(equation), reference, { mode: 'minir1' }).score).toBe(minir1);
    });
  }

  it('decides a power tower without computing it', () => {
    const started = performance.now();
    const reference = { target: 98, numbers: [44, 19, 35, 0, 9, 9, 9] };
    const tinyzero = verifyCountdown(completion('44+19+35+0*9**9**9'), reference, { mode: 'tinyzero' });
    expect(tinyzero).toEqual({
      correct: false,
      score: 0.1,
      format_ok: true,
      extracted: '44+19+35+0*9**9**9',
      reason: 'too_long',
    });
    expect(verifyCountdown(completion('44+19+35+0*9**9**9'), reference, { mode: 'minir1' }).score).toBe(0);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('tinyzero extraction', () => {
  const reference = { target: 98, numbers: [44, 19, 35] };
  const score = (text: string, prompt?: string) =>
    verifyCountdown(text, reference, { mode: 'tinyzero', prompt }).score;

  it('only reads the last line, and the last answer on it', () => {
    expect(score(' x </think>\n<answer>44+19+35</answer>\nDone.')).toBe(0);
    expect(score(' x </think>\n<answer>44+19+35</answer>\n')).toBe(0);
    expect(score('<answer>1+2</answer> <answer>44+19+35</answer>')).toBe(1);
    expect(score('<answer>44+19+35</answer> <answer>1+2</answer>')).toBe(0.1);
    expect(score('<answer>44+19+35</answer><answer>1+2')).toBe(1);
  });

  it('splits at the first Assistant: of prompt + completion, else at <|im_start|>assistant', () => {
    expect(score('<answer>44+19+35</answer>', '')).toBe(0);
    expect(score('Assistant: <answer>44+19+35</answer>', '')).toBe(1);
    expect(score('<answer>44+19+35</answer>', 'User: hi\n<|im_start|>assistant\n')).toBe(1);
    // After the split, the remainder is a single line that starts inside the marker's line.
    expect(score(' <answer>44+19+35</answer>', '<answer>1+2</answer> Assistant:')).toBe(1);
    expect(score(' <answer>44+19+35</answer>', '<answer>1+2</answer> Assistant')).toBe(0);
    // A marker split between prompt and completion still counts.
    expect(score('ant: <answer>44+19+35</answer>', 'Assist')).toBe(1);
    expect(score('<answer>44+19+35</answer>', 'x\n<|im_start|>assis')).toBe(0);
  });

  it('strips Python whitespace around the equation, including U+001C and U+00A0', () => {
    expect(score('<answer>\u001c44+19+35\u00a0</answer>')).toBe(1);
    expect(verifyCountdown('<answer> 44+19+35 </answer>', reference, { mode: 'tinyzero' }).extracted).toBe(
      '44+19+35',
    );
  });
});

describe('minir1 extraction and format', () => {
  const reference = { target: 98, numbers: [44, 19, 35] };
  const minir1 = (text: string) => verifyCountdown(text, reference, { mode: 'minir1' }).score;
  const format = (text: string) => verifyCountdown(text, reference, { mode: 'minir1-format' }).score;

  it('takes the first answer whose content is on one line', () => {
    expect(minir1('<answer>44+19+35</answer> <answer>1+2</answer>')).toBe(1);
    expect(minir1('<answer>1+2</answer>\n<answer>44+19+35</answer>')).toBe(0);
    expect(minir1('<answer>1+\n2</answer>\n<answer>44+19+35</answer>')).toBe(1);
  });

  it('wants </think>, one newline, then <answer>...</answer> at the very end', () => {
    expect(format(' think </think>\n<answer>x\ny</answer>')).toBe(1);
    expect(format(' think </think>\n<answer>x</answer>\n')).toBe(1);
    expect(format(' think </think>\n<answer>x</answer>\n\n')).toBe(0);
    expect(format(' think </think>\r\n<answer>x</answer>')).toBe(0);
    expect(format(' think <think> </think>\n<answer>x</answer>')).toBe(0);
    expect(format(' a<b </think>\n<answer>x</answer>')).toBe(1);
    expect(format(' think </think>\n<answer>x</answer><|endoftext|>')).toBe(0);
  });
});
