// Where things go on the canvas. Text cannot be measured without a DOM, so widths are estimated from
// character counts (generous for digits and Latin text, which is what labels mostly are).

export const FONT_SIZE = 12;
const CHAR_WIDTH = FONT_SIZE * 0.62;
export const TITLE_HEIGHT = 26;
export const LEGEND_ROW_HEIGHT = 18;
const MIN_PLOT_SIZE = 40;
const RIGHT_MARGIN = 20;
const BOTTOM_MARGIN = 44;

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Frame {
  width: number;
  height: number;
  /** the plot area inside the axes */
  plot: Box;
}

export function estimateTextWidth(value: string): number {
  return Array.from(value).length * CHAR_WIDTH;
}

export interface FrameInput {
  width: number;
  height: number;
  hasTitle: boolean;
  legendRows: number;
  /** the y tick labels, to leave room for the longest */
  yTickLabels: ReadonlyArray<string>;
}

export function layoutFrame(input: FrameInput): Frame {
  const longestTick = Math.max(0, ...input.yTickLabels.map(estimateTextWidth));
  const top = 12 + (input.hasTitle ? TITLE_HEIGHT : 0) + input.legendRows * LEGEND_ROW_HEIGHT;
  // y axis label (rotated) + gap + tick labels + tick marks
  const left = Math.max(48, 22 + longestTick + 12);
  // A canvas too small for its legend or labels grows rather than drawing outside itself.
  const width = Math.max(input.width, left + MIN_PLOT_SIZE + RIGHT_MARGIN);
  const height = Math.max(input.height, top + MIN_PLOT_SIZE + BOTTOM_MARGIN);
  return { width, height, plot: { left, top, right: width - RIGHT_MARGIN, bottom: height - BOTTOM_MARGIN } };
}

/** Canvas size from the spec: integers, at least 120 x 100, at most 10000 each way. */
export function canvasSize(width: number | undefined, height: number | undefined): [number, number] {
  return [clampSize(width, 640, 120), clampSize(height, 360, 100)];
}

function clampSize(value: number | undefined, fallback: number, min: number): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  return Math.round(Math.min(10_000, Math.max(min, value)));
}
