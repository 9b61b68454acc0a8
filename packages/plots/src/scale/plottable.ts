import type { ScaleKind } from './scale.js';

/**
 * Values beyond this magnitude are treated like Infinity (skipped): differences of such values
 * overflow, and no chart of pass@k, lengths or steps has them.
 */
export const MAX_MAGNITUDE = 1e300;

/** Whether a data value can be drawn on a scale of this kind: finite, not absurdly large, > 0 on log2. */
export function isPlottable(value: number, kind: ScaleKind): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > MAX_MAGNITUDE) return false;
  return kind === 'linear' || value >= 1 / MAX_MAGNITUDE;
}
