import { describe, expect, it } from 'vitest';
import { parseCountdownExpression, Rational, verifyCountdown } from './index.js';

const ref = { target: 24, numbers: [3, 7, 8, 1] };
const answer = (equation: string) => ` I think.\n</think>\n<answer>${equation}</answer>`;
const exact = (equation: string, reference = ref) =>
  verifyCountdown(answer(equation), reference, { mode: 'exact' });

describe('exact mode: extraction', () => {
  it('takes the last <answer> anywhere, over several lines', () => {
    const text = '<answer>3+7+8+1</answer> no wait\n<answer>(7 - 3 - 1)\n * 8</answer>\nDone.';
    expect(verifyCountdown(text, ref)).toEqual({
      correct: true,
      score: 1,
      format_ok: true,
      extracted: '(7 - 3 - 1)\n * 8',
      reason: 'correct',
    });
  });

  it('ignores a trailing unclosed <answer> and stops at the first </answer> after the tag', () => {
    expect(
      verifyCountdown('<answer>8*3*1*7/7</answer> <answer>oops', { target: 24, numbers: [8, 3, 1, 7, 7] })
        .reason,
    ).toBe('correct');
    expect(verifyCountdown('<answer>8*(7-3-1)</answer> text </answer>', ref).extracted).toBe('8*(7-3-1)');
  });

  it('reports a missing or empty answer', () => {
    expect(verifyCountdown('8*(7-3-1)', ref)).toEqual({
      correct: false,
      score: 0,
      format_ok: false,
      extracted: null,
      reason: 'no_answer',
    });
    expect(verifyCountdown('<answer>8*(7-3-1)', ref).reason).toBe('no_answer');
    expect(exact('  ')).toEqual({
      correct: false,
      score: 0,
      format_ok: true,
      extracted: '',
      reason: 'malformed',
    });
  });
});

describe('exact mode: arithmetic', () => {
  it('applies precedence and left associativity', () => {
    expect(exact('8 * 7 - 3 * 1 * 8', { target: 32, numbers: [8, 7, 3, 1, 8] }).reason).toBe('correct');
    expect(exact('8 - 3 - 1', { target: 4, numbers: [8, 3, 1] }).reason).toBe('correct');
    expect(exact('8 - 3 - 1', { target: 6, numbers: [8, 3, 1] }).reason).toBe('wrong_answer');
    expect(exact('8 / 4 / 2', { target: 1, numbers: [8, 4, 2] }).reason).toBe('correct');
  });

  it('is exact with non-integer intermediate values', () => {
    expect(exact('(1/3)*3', { target: 1, numbers: [1, 3, 3] }).reason).toBe('correct');
    expect(exact('8/(3-8/3)', { target: 24, numbers: [8, 3, 8, 3] }).reason).toBe('correct');
    expect(exact('7/2*1', { target: 3, numbers: [7, 2, 1] }).reason).toBe('wrong_answer');
  });

  it('has no float tolerance (unlike tinyzero)', () => {
    const reference = { target: 1, numbers: [100000001, 100000000] };
    expect(exact('100000001/100000000', reference).reason).toBe('wrong_answer');
    expect(verifyCountdown(answer('100000001/100000000'), reference, { mode: 'tinyzero' }).score).toBe(1);
  });

  it('stays exact past 2^53', () => {
    const [m, n] = [9007199254740991, 9007199254740990];
    const reference = { target: m, numbers: [m, m, m, n] };
    expect(exact(`${m} * ${m} - ${m} * ${n}`, reference).reason).toBe('correct');
    expect(exact(`${m} * ${m} - ${m} * ${n}`, { ...reference, target: n }).reason).toBe('wrong_answer');
  });

  it('rejects division by zero anywhere', () => {
    expect(exact('8 * 3 + 1 / (7 - 7)', { target: 24, numbers: [8, 3, 1, 7, 7] }).reason).toBe(
      'division_by_zero',
    );
  });

  it('allows one unary minus before an operand and nothing more', () => {
    expect(exact('-3 + 7 + 8 + 1 * 12', { target: 24, numbers: [3, 7, 8, 1, 12] }).reason).toBe('correct');
    expect(exact('8 * -(1 - 3 - 7) / 3', { target: 24, numbers: [8, 1, 3, 7, 3] }).reason).toBe('correct');
    expect(exact('--3 * 8 * 1 * 7 / 7', { target: 24, numbers: [3, 8, 1, 7, 7] }).reason).toBe(
      'invalid_expression',
    );
    expect(exact('- -3 * 8', { target: 24, numbers: [3, 8] }).reason).toBe('invalid_expression');
    expect(exact('+3 * 8', { target: 24, numbers: [3, 8] }).reason).toBe('invalid_expression');
  });

  it('accepts `= target` and nothing else after `=`', () => {
    expect(exact('8 * (7 - 3 - 1) = 24').reason).toBe('correct');
    expect(exact('8 * (7 - 3 - 1) = 25').reason).toBe('wrong_answer');
    expect(exact('24 = 8 * (7 - 3 - 1)').reason).toBe('malformed');
    expect(exact('8 * (7 - 3 - 1) = 24 = 24').reason).toBe('malformed');
    expect(exact('3 - 7 - 8 - 1 - 11 = -24', { target: -24, numbers: [3, 7, 8, 1, 11] }).reason).toBe(
      'correct',
    );
  });
});

describe('exact mode: numbers and syntax', () => {
  it('requires every number exactly once and no other number', () => {
    expect(exact('8 * 3 * 1').reason).toBe('numbers_mismatch');
    expect(exact('8 * 3 * 1 * 7 / 7').reason).toBe('numbers_mismatch');
    expect(exact('(8 + 8) * 3 / 2', { target: 24, numbers: [8, 8, 3, 2] }).reason).toBe('correct');
    expect(exact('8 * 3 + 0 * 7 * 1').reason).toBe('numbers_mismatch');
  });

  it('rejects Python-only syntax, other symbols and malformed numbers', () => {
    for (const equation of [
      '8 * 3 ** 1 + 7 - 7',
      '(7 - 3 - 1) // 1 * 8',
      '8 × 3 × 1',
      '8*3.0*1',
      '8 (7-3-1)',
      '08*(7-3-1)',
      '8*(7-3-1',
      '8*(7-3-1))',
      '１*8*3',
    ]) {
      expect(exact(equation).reason, equation).toBe('invalid_expression');
    }
  });
});

describe('parseCountdownExpression', () => {
  it('returns the exact value and the literals in order', () => {
    expect(parseCountdownExpression(' (1/3) * 3 - -2 ')).toEqual({
      ok: true,
      value: Rational.from(3),
      numbers: [1n, 3n, 3n, 2n],
    });
    expect(parseCountdownExpression('25*4/(3-1)')).toEqual({
      ok: true,
      value: Rational.from(50),
      numbers: [25n, 4n, 3n, 1n],
    });
  });

  it('reports invalid expressions and division by zero', () => {
    expect(parseCountdownExpression('1 +')).toEqual({ ok: false, reason: 'invalid_expression' });
    expect(parseCountdownExpression('')).toEqual({ ok: false, reason: 'invalid_expression' });
    expect(parseCountdownExpression('1 / (2 - 2)')).toEqual({ ok: false, reason: 'division_by_zero' });
  });

  it('handles very deep nesting without recursion', () => {
    const deep = `${'('.repeat(100_000)}7${')'.repeat(100_000)}`;
    expect(parseCountdownExpression(deep)).toEqual({ ok: true, value: Rational.from(7), numbers: [7n] });
  });
});
