import { PlotError } from '../errors.js';
import { formatNumber, tickLabels, type ValueFormat } from '../format/format.js';
import { isPlottable } from '../scale/plottable.js';
import type { ScaleKind } from '../scale/scale.js';
import { log2Domain, log2Ticks, niceDomain, niceTicks } from '../scale/ticks.js';
import type { Tick } from './axes.js';

/** A domain given in a spec, checked: two plottable ends, the first below the second. */
export function checkedDomain(
  domain: readonly [number, number],
  kind: ScaleKind,
  axis: string,
): [number, number] {
  const [d0, d1] = domain;
  if (!isPlottable(d0, kind) || !isPlottable(d1, kind) || !(d0 < d1)) {
    const need =
      kind === 'log2' ? 'two values above 0, the first smaller' : 'two finite values, the first smaller';
    throw new PlotError(`${axis} domain must be ${need}; got [${d0}, ${d1}]`);
  }
  return [d0, d1];
}

/** The domain drawn when none is given: the data's extent widened to round values (powers of two on log2). */
export function autoDomain(
  values: ReadonlyArray<number>,
  kind: ScaleKind,
  format: ValueFormat,
): [number, number] {
  let [min, max] = extent(values);
  if (format === 'percent') {
    // Shares are read against 0% and 100%; data outside that still fits.
    min = Math.min(0, min);
    max = Math.max(1, max);
  }
  if (!(min <= max)) return kind === 'log2' ? [1, 2] : [0, 1];
  return kind === 'log2' ? log2Domain(min, max) : niceDomain(min, max, 5);
}

/**
 * Ticks with labels inside a domain: the spec's values (those inside), or about `count` nice ones
 * (powers of two on log2).
 */
export function axisTicks(
  domain: readonly [number, number],
  kind: ScaleKind,
  format: ValueFormat,
  requested: ReadonlyArray<number> | number | undefined,
  defaultCount: number,
): Tick[] {
  const [d0, d1] = domain;
  const inside = (value: number) => isPlottable(value, kind) && value >= d0 && value <= d1;
  const count = typeof requested === 'number' && requested >= 1 ? Math.min(50, requested) : defaultCount;
  const values = Array.isArray(requested)
    ? [...new Set(requested.filter(inside))].sort((a, b) => a - b)
    : kind === 'log2'
      ? log2Ticks(d0, d1, count)
      : niceTicks(d0, d1, count);
  const labels =
    kind === 'log2' && format === 'number' ? values.map(formatNumber) : tickLabels(values, format);
  return values.map((value, i) => ({ value, label: labels[i] as string }));
}

function extent(values: ReadonlyArray<number>): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}
