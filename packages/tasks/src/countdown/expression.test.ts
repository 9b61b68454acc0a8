import { describe, expect, it } from 'vitest';
import {
  CountdownExpressionError,
  canonicalCountdownExpression,
  leavesOf,
  MAX_EXPRESSION_LENGTH,
  parseCanonicalExpression,
} from './expression.js';

const canonical = canonicalCountdownExpression;

describe('canonical forms', () => {
  it('identifies expressions that differ by commutativity and associativity', () => {
    expect(canonical('1 + 2')).toBe(canonical('2 + 1'));
    expect(canonical('(1 + 2) + 3')).toBe(canonical('1 + (2 + 3)'));
    expect(canonical('2 * (3 * 4)')).toBe(canonical('(4 * 2) * 3'));
    expect(canonical('10 - (4 - 3)')).toBe(canonical('10 + 3 - 4'));
    expect(canonical('8 / (4 / 2)')).toBe(canonical('8 * 2 / 4'));
    expect(canonical('9 - 2 - 3')).toBe(canonical('9 - (2 + 3)'));
  });

  it('keeps apart what the definition keeps apart', () => {
    expect(canonical('5 * 1')).not.toBe(canonical('5 / 1'));
    expect(canonical('(1 - 3) * (2 - 4)')).not.toBe(canonical('(3 - 1) * (4 - 2)'));
    expect(canonical('2 * (3 + 4)')).not.toBe(canonical('2 * 3 + 2 * 4'));
  });

  it('renders larger terms first, with the parentheses the form needs and no others', () => {
    expect(canonical('((3)) + (100 * 2)')).toBe('100 * 2 + 3');
    expect(canonical('3 - (8 - 5) * 7')).toBe('3 - 7 * (8 - 5)');
    expect(canonical('6/(1-3/4)')).toBe('6 / (1 - 3 / 4)');
    expect(canonical('(1 + 2) * (3 + 4) / (5 - 6)')).toBe('(4 + 3) * (2 + 1) / (5 - 6)');
  });

  it('is a fixed point on its own output', () => {
    for (const expression of [
      '100 * (75 / 6 - 3) + 50 / 25',
      '(1 - 6 - 5) * (2 - 4 * 3)',
      '8 / (3 - 8 / 3)',
    ]) {
      expect(canonical(expression)).toBe(expression);
    }
  });

  it('evaluates exactly and lists the numbers used', () => {
    const form = parseCanonicalExpression('8 / (3 - 8 / 3)');
    expect(form.value).toEqual({ num: 24, den: 1 });
    expect(leavesOf(form).sort((a, b) => a - b)).toEqual([3, 3, 8, 8]);
    expect(parseCanonicalExpression('1 / 3').value).toEqual({ num: 1, den: 3 });
  });
});

describe('parse errors', () => {
  it.each([
    ['', 'expression ends without an operand'],
    ['1 +', 'expression ends without an operand'],
    ['-1 + 2', 'unexpected - at 0'],
    ['1 2', 'unexpected number at 2'],
    ['(1 + 2', 'unbalanced ('],
    ['1 + 2)', 'unbalanced ) at 5'],
    ['()', 'unexpected ) at 1'],
    ['2 ** 3', 'unexpected * at 3'],
    ['1.5 + 2', 'unexpected character "." at 1'],
    ['4 / (2 - 2)', 'division by zero'],
    ['99999999999999999999 + 1', 'number too large at 0'],
  ])('%j fails with %j', (expression, message) => {
    expect(() => parseCanonicalExpression(expression)).toThrow(new CountdownExpressionError(message));
  });

  it('refuses overlong input and deep nesting without recursion', () => {
    expect(() => parseCanonicalExpression('1+'.repeat(MAX_EXPRESSION_LENGTH))).toThrow(/longer than/);
    const deep = `${'('.repeat(499)}1${')'.repeat(499)}`;
    expect(parseCanonicalExpression(deep).text).toBe('1');
  });

  it('refuses values outside the safe-integer range', () => {
    expect(() => parseCanonicalExpression('9007199254740991 * 9007199254740991')).toThrow(
      /safe-integer range/,
    );
  });
});
