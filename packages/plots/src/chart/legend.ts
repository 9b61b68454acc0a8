import { el, type Svg, text } from '../svg/markup.js';
import { estimateTextWidth, type Frame, type FrameInput, LEGEND_ROW_HEIGHT, layoutFrame } from './frame.js';

export interface LegendEntry {
  name: string;
  color: string;
  /** stroke-dasharray of the swatch line, or undefined for solid */
  dasharray?: string;
  /** a line swatch (series) or a filled square (histogram group) */
  swatch: 'line' | 'box';
}

export interface LegendLayout {
  rows: number;
  render(top: number): Svg;
}

// Longer names are cut in the visible text; the full name stays in the item's <title>.
const MAX_NAME_CHARS = 36;
const SWATCH_WIDTH = 22;
const ITEM_GAP = 18;

/** Legend items flowed left to right in rows across the canvas, above the plot area. */
export function layoutLegend(entries: ReadonlyArray<LegendEntry>, width: number, left: number): LegendLayout {
  const available = Math.max(1, width - left - 20);
  const placed: Array<{ entry: LegendEntry; label: string; row: number; x: number }> = [];
  let row = 0;
  let x = 0;
  for (const entry of entries) {
    const label = shorten(entry.name);
    const itemWidth = SWATCH_WIDTH + 6 + estimateTextWidth(label);
    if (x > 0 && x + itemWidth > available) {
      row += 1;
      x = 0;
    }
    placed.push({ entry, label, row, x: left + x });
    x += itemWidth + ITEM_GAP;
  }
  return {
    rows: entries.length === 0 ? 0 : row + 1,
    render: (top) =>
      el(
        'g',
        { class: 'legend' },
        placed.map(({ entry, label, row: itemRow, x: itemX }) =>
          renderItem(entry, label, itemX, top + itemRow * LEGEND_ROW_HEIGHT + LEGEND_ROW_HEIGHT / 2),
        ),
      ),
  };
}

function renderItem(entry: LegendEntry, label: string, x: number, middle: number): Svg {
  const swatch =
    entry.swatch === 'line'
      ? el('line', {
          x1: x,
          x2: x + SWATCH_WIDTH,
          y1: middle,
          y2: middle,
          stroke: entry.color,
          'stroke-width': 2.5,
          'stroke-dasharray': entry.dasharray,
        })
      : el('rect', {
          x: x + 5,
          y: middle - 6,
          width: 12,
          height: 12,
          fill: entry.color,
          'fill-opacity': 0.6,
        });
  return el('g', { class: 'legend-item', 'data-series': entry.name }, [
    el('title', {}, [text(entry.name)]),
    swatch,
    el('text', { x: x + SWATCH_WIDTH + 6, y: middle + 4, fill: '#222222' }, [text(label)]),
  ]);
}

function shorten(name: string): string {
  const chars = Array.from(name);
  return chars.length <= MAX_NAME_CHARS ? name : `${chars.slice(0, MAX_NAME_CHARS - 1).join('')}…`;
}

/**
 * The frame of a chart whose legend sits above the plot: the legend is flowed across the width a frame
 * without it would have, and its rows then push the plot down.
 */
export function layoutFrameWithLegend(
  input: Omit<FrameInput, 'legendRows'> & { entries: ReadonlyArray<LegendEntry> },
): { frame: Frame; legend: LegendLayout } {
  const { entries, ...frameInput } = input;
  const base = layoutFrame({ ...frameInput, hasTitle: false, legendRows: 0 });
  const legend = layoutLegend(entries, base.width, base.plot.left);
  return { legend, frame: layoutFrame({ ...frameInput, legendRows: legend.rows }) };
}
