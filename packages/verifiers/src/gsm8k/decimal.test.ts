import { describe, expect, it } from 'vitest';
import { canonicalDecimal, MAX_NUMBER_DIGITS, parseDecimal, readNumber } from './decimal.js';
import { unicodeDigitValue } from './digits.js';

describe('canonicalDecimal', () => {
  it.each([
    ['18', '18'],
    ['18.00', '18'],
    ['18.', '18'],
    ['0018', '18'],
    ['-0.50', '-0.5'],
    ['-0', '0'],
    ['+7', '7'],
    ['\u22123', '-3'],
    ['1,000', '1000'],
    ['1,450,000', '1450000'],
    ['-1,234.50', '-1234.5'],
    ['$70,000', '70000'],
    ['-$5', '-5'],
    ['.5', '0.5'],
    ['  42 \n', '42'],
    ['\u0661\u0668', '18'], // Arabic-Indic digits
    ['\uff11\uff18', '18'], // fullwidth digits
    ['\u{1d7cf}\u{1d7d6}', '18'], // mathematical bold digits (outside the BMP)
  ])('%j -> %j', (text, expected) => {
    expect(canonicalDecimal(text)).toBe(expected);
  });

  it.each([
    '',
    'abc',
    '-',
    '$',
    '.',
    '1,23',
    '12,3456',
    '1234,567',
    '1.2.3',
    '1e5',
    '18 dollars',
    '3-4',
    '\u201310', // en dash is not a minus sign
    '1/2',
  ])('%j is not one number', (text) => {
    expect(canonicalDecimal(text)).toBeNull();
  });

  it('refuses numbers past the digit cap instead of comparing huge strings', () => {
    expect(canonicalDecimal('9'.repeat(MAX_NUMBER_DIGITS))).toBe('9'.repeat(MAX_NUMBER_DIGITS));
    expect(canonicalDecimal(`-${'9'.repeat(MAX_NUMBER_DIGITS - 1)}.5`)).toBe(
      `-${'9'.repeat(MAX_NUMBER_DIGITS - 1)}.5`,
    );
    expect(readNumber('9'.repeat(MAX_NUMBER_DIGITS + 1), 0)).toEqual({
      kind: 'too_long',
      end: MAX_NUMBER_DIGITS + 1,
    });
    // Leading zeros cost digits to read, so the raw length is capped too (at twice the digit cap).
    expect(canonicalDecimal(`${'0'.repeat(150)}7`)).toBe('7');
    expect(canonicalDecimal(`${'0'.repeat(300)}7`)).toBeNull();
    expect(readNumber('9'.repeat(1_000_000), 0)).toEqual({ kind: 'too_long', end: 1_000_000 });
  });
});

describe('parseDecimal', () => {
  it('splits the canonical form into sign, integer and fraction', () => {
    expect(parseDecimal('-0012.3400')).toEqual({ negative: true, integer: '12', fraction: '34' });
    expect(parseDecimal('1,000')).toEqual({ negative: false, integer: '1000', fraction: '' });
    expect(parseDecimal('x')).toBeNull();
  });
});

describe('readNumber', () => {
  it('stops before what is not part of the number', () => {
    expect(readNumber('18. Next', 0)).toEqual({ kind: 'number', value: '18', end: 2 });
    expect(readNumber('18, 20', 0)).toEqual({ kind: 'number', value: '18', end: 2 });
    expect(readNumber('$ 18 dollars', 0)).toEqual({ kind: 'number', value: '18', end: 4 });
    expect(readNumber('1,234,5', 0)).toEqual({ kind: 'malformed', end: 1 });
  });
});

describe('unicodeDigitValue', () => {
  it('reads digits of every script and nothing else', () => {
    expect(unicodeDigitValue('7'.codePointAt(0) as number)).toBe(7);
    expect(unicodeDigitValue(0x0669)).toBe(9); // ARABIC-INDIC DIGIT NINE
    expect(unicodeDigitValue(0x096b)).toBe(5); // DEVANAGARI DIGIT FIVE
    expect(unicodeDigitValue(0x1d7d8)).toBe(0); // MATHEMATICAL DOUBLE-STRUCK DIGIT ZERO, after the bold run
    expect(unicodeDigitValue(0x00b2)).toBe(-1); // superscript two is not a decimal digit
    expect(unicodeDigitValue(0x2162)).toBe(-1); // Roman numeral three
  });
});
