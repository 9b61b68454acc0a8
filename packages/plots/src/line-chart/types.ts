import type { ValueFormat } from '../format/format.js';
import type { ScaleKind } from '../scale/scale.js';

export interface AxisSpec {
  /** the axis title drawn beside the axis */
  label: string;
  /** short name used in point tooltips ("k", "pass@k"); defaults to `label` */
  name?: string;
  /** [min, max]; data outside it is clamped to the edge of the plot. Default: the data's extent, rounded */
  domain?: readonly [number, number];
  /** explicit tick values (those inside the domain are drawn), or about how many ticks to draw */
  ticks?: ReadonlyArray<number> | number;
  /** 'percent' writes 0.712 as 71.2%; default 'number' */
  format?: ValueFormat;
}

export interface XAxisSpec extends AxisSpec {
  /** 'log2' for k: evenly spaced powers of two, x <= 0 skipped. Default 'linear' */
  scale?: ScaleKind;
}

export interface Point {
  x: number;
  y: number;
}

/** An interval around the curve at x (a 95% confidence interval, say); drawn as a shaded band. */
export interface BandPoint {
  x: number;
  low: number;
  high: number;
}

export type Dash = 'solid' | 'dashed' | 'dotted';

export interface LineSeries {
  name: string;
  /** drawn in the order given; a point that cannot be drawn (NaN, Infinity, x <= 0 on log2) breaks the line */
  points: ReadonlyArray<Point>;
  band?: ReadonlyArray<BandPoint>;
  /** a CSS colour (hex, name, rgb()/hsl(), var(--name)); default: the palette, in series order */
  color?: string;
  dash?: Dash;
}

export interface Marker {
  x: number;
  label: string;
  /** 'crossover' adds the class `crossover` to the marker */
  kind?: 'crossover' | 'marker';
}

export interface LineChartSpec {
  /** drawn above the chart and used as its accessible name */
  title?: string;
  /** the <desc> for assistive technology; default: a summary of axes, series and markers */
  description?: string;
  /** id of the <svg> (prefixed `plot-`); default: derived from the content */
  id?: string;
  /** default 640 x 360 */
  width?: number;
  height?: number;
  x: XAxisSpec;
  y: AxisSpec;
  series: ReadonlyArray<LineSeries>;
  /** vertical dashed lines with a label (the crossover k); those outside the x domain are left out */
  markers?: ReadonlyArray<Marker>;
  /** default: shown when there is more than one series */
  legend?: boolean;
  /** how tooltips name a band; default '95% CI' */
  bandLabel?: string;
}
