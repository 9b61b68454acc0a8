import { formatValue, type ValueFormat } from '../format/format.js';
import type { Scale } from '../scale/scale.js';
import { el, type Svg, text } from '../svg/markup.js';
import { bandPath, drawableRuns, isDrawableBandPoint, isDrawablePoint, linePath } from './series-geometry.js';
import type { BandPoint, Dash, LineSeries } from './types.js';

/** A series with its colour and dash resolved. */
export interface StyledSeries extends LineSeries {
  index: number;
  color: string;
  dasharray: string | undefined;
}

export interface SeriesContext {
  x: Scale;
  y: Scale;
  xName: string;
  yName: string;
  xFormat: ValueFormat;
  yFormat: ValueFormat;
  bandLabel: string;
}

// Up to this many points a series shows its points as dots; beyond, the dots would blur into the
// line, so they stay as invisible hover targets.
const VISIBLE_POINTS_MAX = 32;

export const DASHES: Readonly<Record<Dash, string | undefined>> = {
  solid: undefined,
  dashed: '7 4',
  dotted: '2 3',
};

/** One translucent <path class="band"> per series with a drawable band, under every line. */
export function renderBands(series: ReadonlyArray<StyledSeries>, context: SeriesContext): Svg {
  const bands: Svg[] = [];
  for (const item of series) {
    const runs = drawableRuns(item.band ?? [], (point) => isDrawableBandPoint(point, context.x));
    if (runs.length === 0) continue;
    bands.push(
      el('path', {
        class: 'band',
        'data-series': item.name,
        d: bandPath(runs, context.x, context.y),
        fill: item.color,
        'fill-opacity': 0.15,
        stroke: 'none',
      }),
    );
  }
  return el('g', { class: 'bands' }, bands);
}

/** Per series: one <path class="line"> and a <circle class="point"> with a tooltip per drawable point. */
export function renderSeries(item: StyledSeries, context: SeriesContext): Svg {
  const drawable = item.points.filter((point) => isDrawablePoint(point, context.x));
  const runs = drawableRuns(item.points, (point) => isDrawablePoint(point, context.x));
  const bandAt = bandLookup(item.band ?? [], context);
  const visible = drawable.length <= VISIBLE_POINTS_MAX;
  const points = drawable.map((point) =>
    el(
      'circle',
      {
        class: 'point',
        cx: context.x.map(point.x),
        cy: context.y.map(point.y),
        r: visible ? 3 : 4,
        fill: item.color,
        'fill-opacity': visible ? 1 : 0,
        'data-series': item.name,
        'data-x': String(point.x),
        'data-y': String(point.y),
      },
      [el('title', {}, [text(pointTooltip(item.name, point.x, point.y, bandAt.get(point.x), context))])],
    ),
  );
  return el('g', { class: 'series', 'data-series': item.name, 'data-index': String(item.index) }, [
    el('path', {
      class: 'line',
      d: linePath(runs, context.x, context.y),
      fill: 'none',
      stroke: item.color,
      'stroke-width': 2,
      'stroke-linejoin': 'round',
      'stroke-linecap': 'round',
      'stroke-dasharray': item.dasharray,
    }),
    el('g', { class: 'points' }, points),
  ]);
}

/** "grpo: k=64, pass@k=71.2% (95% CI 68.0%–74.1%)" */
export function pointTooltip(
  name: string,
  x: number,
  y: number,
  band: BandPoint | undefined,
  context: SeriesContext,
): string {
  const base = `${name}: ${context.xName}=${formatValue(x, context.xFormat)}, ${context.yName}=${formatValue(y, context.yFormat)}`;
  if (band === undefined) return base;
  const low = formatValue(Math.min(band.low, band.high), context.yFormat);
  const high = formatValue(Math.max(band.low, band.high), context.yFormat);
  return `${base} (${context.bandLabel} ${low}–${high})`;
}

function bandLookup(band: ReadonlyArray<BandPoint>, context: SeriesContext): Map<number, BandPoint> {
  const byX = new Map<number, BandPoint>();
  for (const point of band) if (isDrawableBandPoint(point, context.x)) byX.set(point.x, point);
  return byX;
}
