import {
  type AxesInput,
  renderAxes,
  renderEmptyNote,
  renderGrid,
  renderTitle,
  type Tick,
} from '../chart/axes.js';
import { chartId, svgDocument } from '../chart/document.js';
import { canvasSize, TITLE_HEIGHT } from '../chart/frame.js';
import { layoutFrameWithLegend } from '../chart/legend.js';
import { PlotError } from '../errors.js';
import { formatNumber, formatPercent, tickLabels } from '../format/format.js';
import { isColor, paletteColor } from '../palette/palette.js';
import { linearScale, type Scale } from '../scale/scale.js';
import { niceDomain, niceTicks } from '../scale/ticks.js';
import { el, type Svg, text } from '../svg/markup.js';
import { type Bins, binValues, isEdgeList } from './bins.js';
import type { HistogramGroup, HistogramSpec } from './types.js';

interface BinnedGroup {
  name: string;
  color: string;
  counts: number[];
  total: number;
  dropped: number;
}

/**
 * A histogram as an SVG string: one or more groups (correct vs incorrect lengths, say) counted in
 * shared bins, overlaid or side by side, optionally normalised to shares of each group.
 */
export function histogram(spec: HistogramSpec): string {
  const [width, height] = canvasSize(spec.width, spec.height);
  const { edges, groups } = binGroups(spec);
  const normalize = spec.normalize ?? false;
  const heightOf = (group: BinnedGroup, count: number) =>
    normalize ? (group.total > 0 ? count / group.total : 0) : count;
  const tallest = Math.max(
    0,
    ...groups.flatMap((group) => group.counts.map((count) => heightOf(group, count))),
  );
  const yDomain: [number, number] = tallest > 0 ? [0, niceDomain(0, tallest, 5)[1]] : [0, 1];
  const yTicks = countTicks(yDomain, normalize);

  const hasTitle = spec.title !== undefined && spec.title !== '';
  const showLegend = spec.legend ?? groups.length > 1;
  const entries = groups.map((g) => ({ name: g.name, color: g.color, swatch: 'box' as const }));
  const { frame, legend } = layoutFrameWithLegend({
    width,
    height,
    hasTitle,
    entries: showLegend ? entries : [],
    yTickLabels: yTicks.map((t) => t.label),
  });
  const { left, right, top, bottom } = frame.plot;
  const domain: [number, number] = [edges[0] as number, edges[edges.length - 1] as number];
  const x = linearScale(domain, [left, right]);
  const y = linearScale(yDomain, [bottom, top]);
  const xFormat = spec.x.format ?? 'number';
  const xTicks = edgeTicks(edges, xFormat, Math.max(2, Math.floor((right - left) / 80)));

  const axes: AxesInput = {
    frame,
    x,
    y,
    xTicks,
    yTicks,
    xLabel: spec.x.label,
    yLabel: spec.y?.label ?? (normalize ? 'share' : 'count'),
  };
  const bars = {
    edges,
    x,
    y,
    groups,
    heightOf,
    layout: spec.layout ?? 'overlay',
    xName: spec.x.name ?? spec.x.label,
  };
  const hasData = groups.some((group) => group.total > 0);
  const body: Svg[] = [
    ...(hasTitle ? [renderTitle(spec.title as string, frame.width)] : []),
    legend.render(12 + (hasTitle ? TITLE_HEIGHT : 0)),
    renderGrid({ ...axes, xTicks: [] }),
    ...groups.map((group, g) => renderGroupBars(group, g, bars)),
    renderAxes(axes),
    ...(hasData ? [] : [renderEmptyNote(frame)]),
  ];
  return svgDocument(
    {
      width: frame.width,
      height: frame.height,
      id: chartId(
        spec.id,
        [spec.title ?? '', spec.x.label, ...groups.map((g) => `${g.name}:${g.total}`)].join('\u0000'),
      ),
      title: hasTitle ? (spec.title as string) : `Histogram of ${spec.x.label}`,
      description: spec.description ?? describe(spec.x.label, edges, groups),
      className: 'histogram',
    },
    body,
  );
}

function binGroups(spec: HistogramSpec): { edges: number[]; groups: BinnedGroup[] } {
  const withCounts = spec.groups.filter((group) => group.counts !== undefined);
  if (withCounts.length > 0 && !isEdgeList(spec.bins)) {
    throw new PlotError('groups given as counts need `bins` to be the list of bin edges');
  }
  const binned: Bins = binValues(
    spec.groups.map((group) => group.values ?? []),
    spec.bins,
  );
  const groups = spec.groups.map((group, g) => {
    const counts = group.counts
      ? checkedCounts(group, binned.edges.length - 1)
      : (binned.counts[g] as number[]);
    return {
      name: group.name,
      color: groupColor(group, g),
      counts,
      total: counts.reduce((sum, count) => sum + count, 0),
      dropped: group.counts ? 0 : (binned.dropped[g] as number),
    };
  });
  return { edges: binned.edges, groups };
}

function checkedCounts(group: HistogramGroup, bins: number): number[] {
  const counts = group.counts ?? [];
  if (group.values !== undefined)
    throw new PlotError(`group ${JSON.stringify(group.name)}: give values or counts, not both`);
  if (counts.length !== bins || !counts.every((count) => Number.isFinite(count) && count >= 0)) {
    throw new PlotError(
      `group ${JSON.stringify(group.name)}: counts must be ${bins} finite numbers >= 0, one per bin`,
    );
  }
  return [...counts];
}

function groupColor(group: HistogramGroup, index: number): string {
  if (group.color !== undefined && !isColor(group.color)) {
    throw new PlotError(
      `group ${JSON.stringify(group.name)}: unsupported colour ${JSON.stringify(group.color)}`,
    );
  }
  return group.color ?? paletteColor(index);
}

/** Ticks of the bar-height axis: shares in percent, or counts, which are whole numbers (no tick at 2.5). */
function countTicks(domain: readonly [number, number], normalize: boolean): Tick[] {
  const values = niceTicks(domain[0], domain[1], 5).filter((value) => normalize || Number.isInteger(value));
  const labels = tickLabels(values, normalize ? 'percent' : 'number');
  return values.map((value, i) => ({ value, label: labels[i] as string }));
}

/** The bin edges themselves as ticks while there are few bins; round values otherwise. */
function edgeTicks(edges: ReadonlyArray<number>, format: 'percent' | 'number', count: number): Tick[] {
  const values =
    edges.length <= Math.max(3, count + 1)
      ? [...edges]
      : niceTicks(edges[0] as number, edges[edges.length - 1] as number, count);
  const labels = tickLabels(values, format);
  return values.map((value, i) => ({ value, label: labels[i] as string }));
}

interface BarContext {
  edges: ReadonlyArray<number>;
  x: Scale;
  y: Scale;
  groups: ReadonlyArray<BinnedGroup>;
  heightOf: (group: BinnedGroup, count: number) => number;
  layout: 'overlay' | 'side-by-side';
  xName: string;
}

/** One <rect class="bar"> per bin (zero-height ones included, so bar i is always bin i), with a tooltip. */
function renderGroupBars(group: BinnedGroup, g: number, context: BarContext): Svg {
  const { edges, x, y, groups, layout } = context;
  const overlay = layout === 'overlay';
  const bars = group.counts.map((count, i) => {
    const x0 = edges[i] as number;
    const x1 = edges[i + 1] as number;
    const [px0, px1] = [x.map(x0), x.map(x1)];
    const inner = Math.max(0, px1 - px0 - 1);
    const barWidth = overlay ? inner : inner / groups.length;
    const barLeft = px0 + 0.5 + (overlay ? 0 : g * barWidth);
    const top = y.map(context.heightOf(group, count));
    const closing = i === group.counts.length - 1 ? ']' : ')';
    const share = group.total > 0 ? formatPercent(count / group.total) : '0.0%';
    const tooltip = `${group.name}: ${context.xName} [${formatNumber(x0)}, ${formatNumber(x1)}${closing}: ${formatNumber(count)} (${share})`;
    return el(
      'rect',
      {
        class: 'bar',
        x: barLeft,
        y: top,
        width: barWidth,
        height: Math.max(0, y.map(0) - top),
        fill: group.color,
        'fill-opacity': overlay && groups.length > 1 ? 0.45 : 0.8,
        'data-series': group.name,
        'data-x0': String(x0),
        'data-x1': String(x1),
        'data-count': String(count),
      },
      [el('title', {}, [text(tooltip)])],
    );
  });
  return el('g', { class: 'series', 'data-series': group.name, 'data-index': String(g) }, bars);
}

function describe(label: string, edges: ReadonlyArray<number>, groups: ReadonlyArray<BinnedGroup>): string {
  const bins = edges.length - 1;
  const range = `${formatNumber(edges[0] as number)} to ${formatNumber(edges[bins] as number)}`;
  const parts = groups.map((group) => {
    const dropped = group.dropped > 0 ? `, ${group.dropped} not shown` : '';
    return `${group.name} (${formatNumber(group.total)} values${dropped})`;
  });
  return `Histogram of ${label} in ${bins} bin${bins === 1 ? '' : 's'} from ${range}. ${groups.length === 0 ? 'No groups.' : `Groups: ${parts.join('; ')}.`}`;
}
