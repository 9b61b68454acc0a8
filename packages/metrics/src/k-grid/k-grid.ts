import { assertCount } from '../errors.js';

/**
 * 1, 2, 4, ..., up to n, and n itself when n is not a power of two, so that a curve always ends at
 * the largest k the samples can estimate (n = 10 gives 1, 2, 4, 8, 10).
 */
export function powersOfTwoGrid(n: number): number[] {
  assertCount(n, 'n', 1);
  const grid: number[] = [];
  for (let k = 1; k <= n; k *= 2) grid.push(k);
  if (grid[grid.length - 1] !== n) grid.push(n);
  return grid;
}

/** The denser grid of the literature: the distinct values floor(2^(i/4)) <= n, i = 0, 1, 2, ... (n not added). */
export function quarterPowerGrid(n: number): number[] {
  assertCount(n, 'n', 1);
  const grid: number[] = [];
  for (let i = 0; ; i++) {
    // 2^(i/4) with an exact integer part: powers of two are exact, the rest are irrational.
    const k = Math.floor(2 ** Math.floor(i / 4) * 2 ** ((i % 4) / 4));
    if (k > n) break;
    if (grid[grid.length - 1] !== k) grid.push(k);
  }
  return grid;
}

/** Sorted, de-duplicated ks; every k must be an integer >= 1. */
export function normaliseKs(ks: ReadonlyArray<number>): number[] {
  for (const k of ks) assertCount(k, 'k', 1);
  return [...new Set(ks)].sort((a, b) => a - b);
}

/** The smallest, a middle and the largest k of a grid (fewer when the grid is shorter): what a summary shows. */
export function summaryKs(ks: ReadonlyArray<number>): number[] {
  const picked = [ks[0], ks[Math.floor((ks.length - 1) / 2)], ks[ks.length - 1]];
  return [...new Set(picked.filter((k): k is number => k !== undefined))];
}
