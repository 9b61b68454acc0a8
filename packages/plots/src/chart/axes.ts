import type { Scale } from '../scale/scale.js';
import { el, type Svg, text } from '../svg/markup.js';
import { coord } from '../svg/number.js';
import type { Frame } from './frame.js';

const AXIS_COLOR = '#444444';
const GRID_COLOR = '#e5e5e5';

export interface Tick {
  value: number;
  label: string;
}

export interface AxesInput {
  frame: Frame;
  x: Scale;
  y: Scale;
  xTicks: ReadonlyArray<Tick>;
  yTicks: ReadonlyArray<Tick>;
  xLabel: string;
  yLabel: string;
}

/** Grid lines behind the data: one per y tick, one per x tick. */
export function renderGrid({ frame, x, y, xTicks, yTicks }: AxesInput): Svg {
  const { left, right, top, bottom } = frame.plot;
  const lines = [
    ...yTicks.map((tick) => {
      const py = y.map(tick.value);
      return el('line', { x1: left, x2: right, y1: py, y2: py });
    }),
    ...xTicks.map((tick) => {
      const px = x.map(tick.value);
      return el('line', { x1: px, x2: px, y1: top, y2: bottom });
    }),
  ];
  return el('g', { class: 'grid', stroke: GRID_COLOR, 'stroke-width': 1 }, lines);
}

/** The x axis along the bottom of the plot area and the y axis along its left, with labels. */
export function renderAxes(input: AxesInput): Svg {
  return el('g', { class: 'axes' }, [renderXAxis(input), renderYAxis(input)]);
}

function renderXAxis({ frame, x, xTicks, xLabel }: AxesInput): Svg {
  const { left, right, bottom } = frame.plot;
  const ticks = xTicks.map((tick) => {
    const px = x.map(tick.value);
    return el('g', { class: 'tick', 'data-value': String(tick.value) }, [
      el('line', { x1: px, x2: px, y1: bottom, y2: bottom + 5, stroke: AXIS_COLOR }),
      el('text', { x: px, y: bottom + 18, 'text-anchor': 'middle', fill: AXIS_COLOR }, [text(tick.label)]),
    ]);
  });
  return el('g', { class: 'axis axis-x' }, [
    el('line', { class: 'domain', x1: left, x2: right, y1: bottom, y2: bottom, stroke: AXIS_COLOR }),
    ...ticks,
    el(
      'text',
      {
        class: 'axis-label',
        x: (left + right) / 2,
        y: frame.height - 8,
        'text-anchor': 'middle',
        fill: '#222222',
      },
      [text(xLabel)],
    ),
  ]);
}

function renderYAxis({ frame, y, yTicks, yLabel }: AxesInput): Svg {
  const { left, top, bottom } = frame.plot;
  const ticks = yTicks.map((tick) => {
    const py = y.map(tick.value);
    return el('g', { class: 'tick', 'data-value': String(tick.value) }, [
      el('line', { x1: left - 5, x2: left, y1: py, y2: py, stroke: AXIS_COLOR }),
      el('text', { x: left - 8, y: py + 4, 'text-anchor': 'end', fill: AXIS_COLOR }, [text(tick.label)]),
    ]);
  });
  const labelX = 14;
  const labelY = (top + bottom) / 2;
  return el('g', { class: 'axis axis-y' }, [
    el('line', { class: 'domain', x1: left, x2: left, y1: top, y2: bottom, stroke: AXIS_COLOR }),
    ...ticks,
    el(
      'text',
      {
        class: 'axis-label',
        x: labelX,
        y: labelY,
        transform: `rotate(-90 ${coord(labelX)} ${coord(labelY)})`,
        'text-anchor': 'middle',
        fill: '#222222',
      },
      [text(yLabel)],
    ),
  ]);
}

/** The visible chart title, centred above everything else. */
export function renderTitle(title: string, width: number): Svg {
  return el(
    'text',
    {
      class: 'chart-title',
      x: width / 2,
      y: 22,
      'text-anchor': 'middle',
      'font-size': 15,
      'font-weight': 600,
      fill: '#111111',
    },
    [text(title)],
  );
}

/** Shown in place of data when nothing could be plotted, so an empty chart is not mistaken for zeros. */
export function renderEmptyNote(frame: Frame): Svg {
  const { left, right, top, bottom } = frame.plot;
  return el(
    'text',
    {
      class: 'empty',
      x: (left + right) / 2,
      y: (top + bottom) / 2,
      'text-anchor': 'middle',
      fill: '#777777',
    },
    [text('No data')],
  );
}
