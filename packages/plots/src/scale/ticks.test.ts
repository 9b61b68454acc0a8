import { describe, expect, it } from 'vitest';
import { log2Domain, log2Ticks, niceDomain, niceTicks, tickIncrement, widenDegenerate } from './ticks.js';

describe('niceTicks', () => {
  it('picks steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 1000, 4)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(-3, 17, 4)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(13, 87, 10)).toEqual([20, 30, 40, 50, 60, 70, 80]);
  });

  it('writes fractional ticks as exact decimals (0.3, not 0.30000000000000004)', () => {
    expect(niceTicks(0.1, 0.3, 2)).toEqual([0.1, 0.2, 0.3]);
    expect(niceTicks(0, 0.03, 3)).toEqual([0, 0.01, 0.02, 0.03]);
  });

  it('handles reversed, zero-width and non-finite ranges', () => {
    expect(niceTicks(10, 0, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(7, 7, 5)).toEqual([7]);
    expect(niceTicks(0, Number.NaN, 5)).toEqual([]);
    expect(niceTicks(0, 5e-324, 5)).toEqual([0, 5e-324]);
  });

  it('agrees with tickIncrement: a step or minus its inverse', () => {
    expect(tickIncrement(0, 1000, 4)).toBe(200);
    expect(tickIncrement(0, 1, 5)).toBe(-5);
  });
});

describe('niceDomain', () => {
  it('widens a range to round ends', () => {
    expect(niceDomain(0.13, 0.87, 5)).toEqual([0, 1]);
    expect(niceDomain(3, 97, 5)).toEqual([0, 100]);
    expect(niceDomain(-12, 412, 5)).toEqual([-100, 500]);
  });

  it('gives a single value an axis around it', () => {
    expect(widenDegenerate(50, 50)).toEqual([45, 55]);
    expect(widenDegenerate(0, 0)).toEqual([-1, 1]);
    expect(niceDomain(50, 50, 5)).toEqual([44, 56]);
    expect(niceDomain(0, 0, 5)).toEqual([-1, 1]);
  });
});

describe('log2Ticks', () => {
  it('puts a tick at every power of two in range', () => {
    expect(log2Ticks(1, 1024)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    expect(log2Ticks(3, 100)).toEqual([4, 8, 16, 32, 64]);
    expect(log2Ticks(0.25, 2)).toEqual([0.25, 0.5, 1, 2]);
  });

  it('thins to every second (third, ...) power, keeping 1, when there would be too many', () => {
    expect(log2Ticks(1, 1024, 6)).toEqual([1, 4, 16, 64, 256, 1024]);
    expect(log2Ticks(2, 2048, 4)).toEqual([8, 64, 512]);
  });

  it('falls back to round ticks inside one octave, and to nothing for ranges at or below 0', () => {
    expect(log2Ticks(5, 7)).toEqual([5, 5.5, 6, 6.5, 7]);
    expect(log2Ticks(0, 8)).toEqual([]);
  });
});

describe('log2Domain', () => {
  it('rounds out to powers of two', () => {
    expect(log2Domain(1, 1000)).toEqual([1, 1024]);
    expect(log2Domain(3, 3)).toEqual([2, 4]);
    expect(log2Domain(4, 4)).toEqual([2, 8]);
    expect(log2Domain(1, 1024)).toEqual([1, 1024]);
  });
});
