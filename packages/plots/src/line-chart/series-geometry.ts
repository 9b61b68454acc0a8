import { isPlottable } from '../scale/plottable.js';
import type { Scale } from '../scale/scale.js';
import { coord } from '../svg/number.js';
import type { BandPoint, Point } from './types.js';

/**
 * Runs of consecutive drawable points. A point that cannot be drawn ends a run, so the line shows a
 * gap there instead of bridging it.
 */
export function drawableRuns<T>(items: ReadonlyArray<T>, drawable: (item: T) => boolean): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  for (const item of items) {
    if (drawable(item)) {
      run.push(item);
    } else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

export function isDrawablePoint(point: Point, x: Scale): boolean {
  return isPlottable(point.x, x.kind) && isPlottable(point.y, 'linear');
}

export function isDrawableBandPoint(point: BandPoint, x: Scale): boolean {
  return (
    isPlottable(point.x, x.kind) && isPlottable(point.low, 'linear') && isPlottable(point.high, 'linear')
  );
}

/**
 * Path data of a polyline through each run. A run of one point becomes a zero-length segment, which
 * the round line cap draws as a dot.
 */
export function linePath(runs: ReadonlyArray<ReadonlyArray<Point>>, x: Scale, y: Scale): string {
  const parts: string[] = [];
  for (const run of runs) {
    run.forEach((point, i) => {
      parts.push(`${i === 0 ? 'M' : 'L'}${coord(x.map(point.x))},${coord(y.map(point.y))}`);
    });
    if (run.length === 1) parts.push('l0,0');
  }
  return parts.join('');
}

/** Path data of a closed area per run: along the lows left to right, back along the highs. */
export function bandPath(runs: ReadonlyArray<ReadonlyArray<BandPoint>>, x: Scale, y: Scale): string {
  const parts: string[] = [];
  for (const run of runs) {
    const lows = run.map((p) => `${coord(x.map(p.x))},${coord(y.map(Math.min(p.low, p.high)))}`);
    const highs = run.map((p) => `${coord(x.map(p.x))},${coord(y.map(Math.max(p.low, p.high)))}`).reverse();
    parts.push(`M${[...lows, ...highs].join('L')}Z`);
  }
  return parts.join('');
}
