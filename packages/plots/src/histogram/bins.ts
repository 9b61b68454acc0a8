import { PlotError } from '../errors.js';
import { isPlottable } from '../scale/plottable.js';
import { tickIncrement } from '../scale/ticks.js';

export interface Bins {
  /** ascending bin edges; bin i is [edges[i], edges[i+1]), the last bin also holds its right edge */
  edges: number[];
  /** counts[g][i]: values of group g in bin i */
  counts: number[][];
  /** per group: values left out (NaN, +-Infinity, or outside explicitly given edges) */
  dropped: number[];
}

const MAX_BINS = 1000;

/**
 * Counts the values of each group in one shared set of bins, so groups can be compared bar for bar.
 * `bins`: explicit edges, or about how many bins (default: Sturges' rule on all values together, at
 * most 50), whose edges are then round numbers covering every value.
 */
export function binValues(
  groups: ReadonlyArray<ReadonlyArray<number>>,
  bins?: number | ReadonlyArray<number>,
): Bins {
  const edges = isEdgeList(bins) ? checkedEdges(bins) : autoEdges(groups, bins);
  const counts = groups.map(() => new Array<number>(edges.length - 1).fill(0));
  const dropped = groups.map(() => 0);
  groups.forEach((values, g) => {
    const row = counts[g] as number[];
    for (const value of values) {
      const bin = binIndex(edges, value);
      if (bin === -1) dropped[g] = (dropped[g] as number) + 1;
      else row[bin] = (row[bin] as number) + 1;
    }
  });
  return { edges, counts, dropped };
}

/** Whether `bins` lists edges (rather than giving a bin count). */
export function isEdgeList(bins: number | ReadonlyArray<number> | undefined): bins is ReadonlyArray<number> {
  return Array.isArray(bins);
}

/**
 * About `count` bins of a round width (1, 2 or 5 times a power of ten) covering [min, max]. All values
 * equal (min === max) gives the one bin [v - 0.5, v + 0.5].
 */
export function niceBinEdges(min: number, max: number, count: number): number[] {
  if (min === max) return [min - 0.5, max + 0.5];
  const increment = tickIncrement(min, max, count);
  if (!Number.isFinite(increment) || increment === 0) return [min, max];
  const edgeAt = (i: number) => (increment > 0 ? i * increment : i / -increment) + 0;
  const scaled = (x: number, round: (v: number) => number) =>
    increment > 0 ? round(x / increment) : round(x * -increment);
  let first = scaled(min, Math.floor);
  let last = Math.max(scaled(max, Math.ceil), first + 1);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last - first > MAX_BINS) return [min, max];
  // The divisions above can round (or underflow, -5e-324 / 2 is -0) to an edge just inside the data.
  while (edgeAt(first) > min) first -= 1;
  while (edgeAt(last) < max) last += 1;
  const edges: number[] = [];
  for (let i = first; i <= last; i++) edges.push(edgeAt(i));
  return edges;
}

/** Sturges' rule: ceil(log2 n) + 1 bins for n values, between 1 and 50. */
export function sturgesBinCount(valueCount: number): number {
  if (valueCount <= 1) return 1;
  return Math.min(50, Math.ceil(Math.log2(valueCount)) + 1);
}

/** Index of the bin holding value, or -1 when it is outside the edges or not a number. */
export function binIndex(edges: ReadonlyArray<number>, value: number): number {
  const lastEdge = edges.length - 1;
  if (!isPlottable(value, 'linear') || value < (edges[0] as number) || value > (edges[lastEdge] as number))
    return -1;
  if (value === edges[lastEdge]) return lastEdge - 1;
  // The largest i with edges[i] <= value: exact against the edges as written, whatever the bin widths.
  let lo = 0;
  let hi = lastEdge - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((edges[mid] as number) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function autoEdges(groups: ReadonlyArray<ReadonlyArray<number>>, count: number | undefined): number[] {
  if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > MAX_BINS)) {
    throw new PlotError(`bins must be an integer from 1 to ${MAX_BINS} or a list of edges, got ${count}`);
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let n = 0;
  for (const values of groups) {
    for (const value of values) {
      if (!isPlottable(value, 'linear')) continue;
      n += 1;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (n === 0) return [0, 1];
  return niceBinEdges(min, max, count ?? sturgesBinCount(n));
}

function checkedEdges(edges: ReadonlyArray<number>): number[] {
  const ascending = edges.every(
    (edge, i) => isPlottable(edge, 'linear') && (i === 0 || edge > (edges[i - 1] as number)),
  );
  if (edges.length < 2 || edges.length > MAX_BINS + 1 || !ascending) {
    throw new PlotError(`bin edges must be 2 to ${MAX_BINS + 1} finite, strictly increasing numbers`);
  }
  return [...edges];
}
