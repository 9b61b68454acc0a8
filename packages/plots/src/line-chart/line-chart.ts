import { renderAxes, renderEmptyNote, renderGrid, renderTitle } from '../chart/axes.js';
import { autoDomain, axisTicks, checkedDomain } from '../chart/axis-domain.js';
import { chartId, svgDocument } from '../chart/document.js';
import { canvasSize, TITLE_HEIGHT } from '../chart/frame.js';
import { type LegendEntry, layoutFrameWithLegend } from '../chart/legend.js';
import { PlotError } from '../errors.js';
import { isColor, paletteColor } from '../palette/palette.js';
import { isPlottable } from '../scale/plottable.js';
import { type ScaleKind, scaleOf } from '../scale/scale.js';
import type { Svg } from '../svg/markup.js';
import { markersInDomain, renderMarkers } from './markers.js';
import { DASHES, renderBands, renderSeries, type SeriesContext, type StyledSeries } from './series-layer.js';
import type { LineChartSpec, LineSeries, Marker } from './types.js';

/**
 * A line chart as an SVG string: several series, each with an optional shaded band, on a linear or
 * log2 x axis, with vertical markers (the crossover k) and a legend. Pure: the same spec gives the same
 * bytes. Throws `PlotError` only for a spec that cannot mean anything (bad domain, bad colour); bad data
 * points are skipped.
 */
export function lineChart(spec: LineChartSpec): string {
  const [width, height] = canvasSize(spec.width, spec.height);
  const xKind: ScaleKind = spec.x.scale ?? 'linear';
  const xFormat = spec.x.format ?? 'number';
  const yFormat = spec.y.format ?? 'number';
  const series = styleSeries(spec.series);

  const xDomain = spec.x.domain
    ? checkedDomain(spec.x.domain, xKind, 'x')
    : autoDomain(xValues(series, spec.markers ?? [], xKind), xKind, xFormat);
  const yDomain = spec.y.domain
    ? checkedDomain(spec.y.domain, 'linear', 'y')
    : // A percent axis spans 0%..100% whatever an interval's ends say (a normal-approximation band can
      // poke below 0); bands are clamped to it instead of stretching it.
      autoDomain(yValues(series, xKind, yFormat !== 'percent'), 'linear', yFormat);
  const yTicks = axisTicks(yDomain, 'linear', yFormat, spec.y.ticks, 5);

  const showLegend = spec.legend ?? series.length > 1;
  const hasTitle = spec.title !== undefined && spec.title !== '';
  const { frame, legend } = layoutFrameWithLegend({
    width,
    height,
    hasTitle,
    entries: showLegend ? series.map(legendEntry) : [],
    yTickLabels: yTicks.map((t) => t.label),
  });
  const { left, right, top, bottom } = frame.plot;
  const x = scaleOf(xKind, xDomain, [left, right]);
  const y = scaleOf('linear', yDomain, [bottom, top]);
  // Powers of two label as short integers, so a log2 axis affords more ticks than a linear one.
  const xTickSpacing = xKind === 'log2' ? 44 : 80;
  const xTickCount = Math.max(2, Math.floor((right - left) / xTickSpacing));
  const xTicks = axisTicks(xDomain, xKind, xFormat, spec.x.ticks, xTickCount);
  const markers = markersInDomain(spec.markers ?? [], x);

  const context: SeriesContext = {
    x,
    y,
    xName: spec.x.name ?? spec.x.label,
    yName: spec.y.name ?? spec.y.label,
    xFormat,
    yFormat,
    bandLabel: spec.bandLabel ?? '95% CI',
  };
  const axes = { frame, x, y, xTicks, yTicks, xLabel: spec.x.label, yLabel: spec.y.label };
  const hasData = yValues(series, xKind, true).length > 0;
  const body: Svg[] = [
    ...(hasTitle ? [renderTitle(spec.title as string, frame.width)] : []),
    legend.render(12 + (hasTitle ? TITLE_HEIGHT : 0)),
    renderGrid(axes),
    renderBands(series, context),
    renderAxes(axes),
    renderMarkers(markers, x, frame),
    ...series.map((item) => renderSeries(item, context)),
    ...(hasData ? [] : [renderEmptyNote(frame)]),
  ];
  const name = hasTitle ? (spec.title as string) : `${spec.y.label} by ${spec.x.label}`;
  return svgDocument(
    {
      width: frame.width,
      height: frame.height,
      id: chartId(spec.id, idContent(spec)),
      title: name,
      description: spec.description ?? describe(spec, series, markers, xKind),
      className: 'line-chart',
    },
    body,
  );
}

function styleSeries(series: ReadonlyArray<LineSeries>): StyledSeries[] {
  return series.map((item, index) => {
    if (item.color !== undefined && !isColor(item.color)) {
      throw new PlotError(
        `series ${JSON.stringify(item.name)}: unsupported colour ${JSON.stringify(item.color)}`,
      );
    }
    const dash = item.dash ?? 'solid';
    if (!(dash in DASHES))
      throw new PlotError(`series ${JSON.stringify(item.name)}: unknown dash ${JSON.stringify(dash)}`);
    return { ...item, index, color: item.color ?? paletteColor(index), dasharray: DASHES[dash] };
  });
}

function legendEntry(item: StyledSeries): LegendEntry {
  return { name: item.name, color: item.color, dasharray: item.dasharray, swatch: 'line' };
}

function xValues(
  series: ReadonlyArray<StyledSeries>,
  markers: ReadonlyArray<Marker>,
  kind: ScaleKind,
): number[] {
  const values: number[] = [];
  for (const item of series) {
    for (const point of item.points)
      if (isPlottable(point.x, kind) && isPlottable(point.y, 'linear')) values.push(point.x);
    for (const point of item.band ?? []) if (isPlottable(point.x, kind)) values.push(point.x);
  }
  for (const marker of markers) if (isPlottable(marker.x, kind)) values.push(marker.x);
  return values;
}

function yValues(series: ReadonlyArray<StyledSeries>, kind: ScaleKind, withBands: boolean): number[] {
  const values: number[] = [];
  for (const item of series) {
    for (const point of item.points)
      if (isPlottable(point.x, kind) && isPlottable(point.y, 'linear')) values.push(point.y);
    for (const point of withBands ? (item.band ?? []) : []) {
      if (
        isPlottable(point.x, kind) &&
        isPlottable(point.low, 'linear') &&
        isPlottable(point.high, 'linear')
      ) {
        values.push(point.low, point.high);
      }
    }
  }
  return values;
}

function describe(
  spec: LineChartSpec,
  series: ReadonlyArray<StyledSeries>,
  markers: ReadonlyArray<Marker>,
  kind: ScaleKind,
): string {
  const axes = `${spec.y.label} against ${spec.x.label}${kind === 'log2' ? ' (log2 scale)' : ''}`;
  const lines = series.map((item) => {
    const count = item.points.filter((p) => isPlottable(p.x, kind) && isPlottable(p.y, 'linear')).length;
    return `${item.name} (${count} point${count === 1 ? '' : 's'}${item.band ? `, with ${spec.bandLabel ?? '95% CI'}` : ''})`;
  });
  const parts = [
    `Line chart of ${axes}.`,
    series.length === 0 ? 'No series.' : `Series: ${lines.join('; ')}.`,
  ];
  if (markers.length > 0) parts.push(`Marked: ${markers.map((m) => m.label).join('; ')}.`);
  return parts.join(' ');
}

function idContent(spec: LineChartSpec): string {
  return [
    spec.title ?? '',
    spec.x.label,
    spec.y.label,
    ...spec.series.map((s) => `${s.name}:${s.points.length}`),
  ].join('\u0000');
}
