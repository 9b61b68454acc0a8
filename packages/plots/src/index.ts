export { PlotError } from './errors.js';
export { formatNumber, formatPercent, tickLabels, type ValueFormat } from './format/format.js';
export { type Bins, binIndex, binValues, niceBinEdges, sturgesBinCount } from './histogram/bins.js';
export { histogram } from './histogram/histogram.js';
export type { HistogramGroup, HistogramSpec } from './histogram/types.js';
export { lineChart } from './line-chart/line-chart.js';
export { crossoverMarker } from './line-chart/markers.js';
export type {
  AxisSpec,
  BandPoint,
  Dash,
  LineChartSpec,
  LineSeries,
  Marker,
  Point,
  XAxisSpec,
} from './line-chart/types.js';
export { isColor, palette, paletteColor } from './palette/palette.js';
export { linearScale, log2Scale, type Scale, type ScaleKind } from './scale/scale.js';
export { log2Domain, log2Ticks, niceDomain, niceTicks } from './scale/ticks.js';
export { escapeXml } from './svg/escape.js';
