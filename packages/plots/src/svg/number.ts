import { PlotError } from '../errors.js';

/**
 * A coordinate as it appears in the SVG: at most two decimals, no trailing zeros, never "-0".
 * Non-finite input is a bug in this package (the data was filtered first), so it throws rather than
 * emitting "NaN" into a page.
 */
export function coord(value: number): string {
  if (!Number.isFinite(value)) throw new PlotError(`internal: non-finite coordinate ${value}`);
  const fixed = value.toFixed(2);
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}
