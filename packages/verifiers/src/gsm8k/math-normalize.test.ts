// MATH's strip_string / is_equiv, step by step, including where the Python raises.
import { describe, expect, it } from 'vitest';
import { mathIsEquiv, mathStripString } from './math-normalize.js';
import { lastBoxedOnlyString, removeBoxed } from './verl2llm.js';

describe('mathStripString', () => {
  it.each([
    ['18', '18'],
    ['1\n8', '18'],
    ['\\!18', '18'],
    ['\\tfrac{1}{2}', '\\frac{1}{2}'],
    ['\\left(1, 2\\right)', '(1,2)'],
    ['90^\\circ', '90'],
    ['90^{\\circ}', '90'],
    ['\\$18', '18'],
    ['18 \\text{ dollars}', '18'],
    ['18\\%', '18'],
    ['.5', '\\frac{1}{2}'],
    ['0.5', '\\frac{1}{2}'],
    ['x .5', 'x0.5'],
    ['{.5}', '{0.5}'],
    ['k = 5', '5'],
    ['abc = 5', 'abc=5'],
    ['a=b=c', 'a=b=c'],
    ['\\sqrt3', '\\sqrt{3}'],
    ['\\sqrt{3}', '\\sqrt{3}'],
    ['\\frac12', '\\frac{1}{2}'],
    ['\\frac1{72}', '\\frac{1}{72}'],
    ['\\frac{72}1', '\\frac{72}1'],
    ['\\frac1', '\\frac1'],
    ['1/2', '\\frac{1}{2}'],
    ['01/2', '01/2'],
    ['-0/2', '-0/2'],
    ['1/2/3', '1/2/3'],
    ['\u0661/2', '\u0661/2'],
    ['', ''],
  ])('%j -> %j', (input, expected) => {
    expect(mathStripString(input)).toBe(expected);
  });

  it.each([
    ['two unit tails', 'a\\text{ b}\\text{ c}'],
    ['\\sqrt at the end', '18\\sqrt'],
    ['\\frac at the end', '18\\frac'],
    ['int() of a non-number in a/b', 'a/b'],
    ['int() of more than 4300 digits', `${'1'.repeat(4301)}/2`],
  ])('raises (null) for %s', (_why, input) => {
    expect(mathStripString(input)).toBeNull();
  });

  it('counts code points, not UTF-16 units, like Python', () => {
    // `\frac` followed by one astral character has fewer than two characters: returned unchanged.
    expect(mathStripString('\\frac\u{1f600}')).toBe('\\frac\u{1f600}');
    expect(mathStripString('\\sqrt\u{1f600}x')).toBe('\\sqrt{\u{1f600}}x');
    expect(mathStripString('\u{1f600}\u{1f600}=5')).toBe('5');
  });
});

describe('mathIsEquiv', () => {
  it('compares cleaned strings, or the raw strings when cleaning raises', () => {
    expect(mathIsEquiv('18 \\text{ apples}', '18')).toBe(true);
    expect(mathIsEquiv('18.0', '18')).toBe(false);
    expect(mathIsEquiv('a/b', 'a/b')).toBe(true);
    expect(mathIsEquiv('a/b', 'a / b')).toBe(false);
  });
});

describe('lastBoxedOnlyString and removeBoxed', () => {
  it('follows verl', () => {
    expect(lastBoxedOnlyString('\\boxed{a{b}c} \\boxed{d}')).toBe('\\boxed{d}');
    expect(lastBoxedOnlyString('\\boxed{a{b}c}')).toBe('\\boxed{a{b}c}');
    expect(lastBoxedOnlyString('\\boxed} {18}')).toBeNull();
    expect(lastBoxedOnlyString('\\fbox{1}')).toBe('\\fbox{1}');
    expect(lastBoxedOnlyString('\\boxed 1$ \\boxed 2$3')).toBe('\\boxed 2');
    expect(lastBoxedOnlyString('no box')).toBeNull();
    expect(removeBoxed('\\boxed{18}')).toBe('18');
    expect(removeBoxed('\\boxed 18')).toBe('18');
    expect(removeBoxed('\\fbox{18}')).toBeNull();
  });
});
