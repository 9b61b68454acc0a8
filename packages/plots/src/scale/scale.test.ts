import { describe, expect, it } from 'vitest';
import { PlotError } from '../errors.js';
import { isPlottable } from './plottable.js';
import { linearScale, log2Scale } from './scale.js';

describe('linearScale', () => {
  it('maps the domain onto the range linearly', () => {
    const x = linearScale([0, 10], [0, 100]);
    expect([0, 2.5, 7, 10].map(x.map)).toEqual([0, 25, 70, 100]);
  });

  it('runs backwards for a y axis: 0 at the bottom pixel, 1 at the top', () => {
    const y = linearScale([0, 1], [300, 20]);
    expect([0, 0.25, 0.5, 1].map(y.map)).toEqual([300, 230, 160, 20]);
  });

  it('clamps values outside the domain to its edges', () => {
    const y = linearScale([0, 1], [300, 20]);
    expect([-0.5, 1.5, -1e300, 1e300].map(y.map)).toEqual([300, 20, 300, 20]);
  });

  it('maps everything to the middle of a zero-width domain', () => {
    expect(linearScale([5, 5], [0, 100]).map(5)).toBe(50);
  });

  it('rejects a non-finite domain', () => {
    expect(() => linearScale([0, Number.NaN], [0, 1])).toThrow(PlotError);
  });
});

describe('log2Scale', () => {
  const x = log2Scale([1, 1024], [0, 500]);

  it('spaces powers of two evenly', () => {
    expect([1, 2, 4, 32, 64, 1024].map(x.map)).toEqual([0, 50, 100, 250, 300, 500]);
  });

  it('places values between powers of two by their logarithm', () => {
    expect(x.map(3)).toBeCloseTo(50 * Math.log2(3), 12);
    expect(log2Scale([2, 8], [100, 300]).map(4)).toBe(200);
  });

  it('accepts only values above zero and clamps the rest to the low edge', () => {
    expect([1, 0.5, 0, -4, Number.NaN].map(x.accepts)).toEqual([true, true, false, false, false]);
    expect([0, -4, 0.25, 4096].map(x.map)).toEqual([0, 0, 0, 500]);
  });

  it('rejects a domain that reaches 0 or below', () => {
    expect(() => log2Scale([0, 1024], [0, 500])).toThrow(/log2 axis needs a domain above 0/);
    expect(() => log2Scale([-1, 8], [0, 500])).toThrow(PlotError);
  });
});

describe('isPlottable', () => {
  it('skips NaN, Infinity and magnitudes beyond 1e300, and values <= 0 on log2', () => {
    const values = [0, -3, 1e300, 1e301, Number.NaN, Number.NEGATIVE_INFINITY, 1e-301];
    expect(values.map((v) => isPlottable(v, 'linear'))).toEqual([
      true,
      true,
      true,
      false,
      false,
      false,
      true,
    ]);
    expect(values.map((v) => isPlottable(v, 'log2'))).toEqual([
      false,
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
