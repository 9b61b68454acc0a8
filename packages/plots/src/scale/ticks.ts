// Tick generation in the manner of d3-array's ticks(): steps of 1, 2 or 5 times a power of ten. Steps
// below 1 are kept as their integer inverse so that ticks come out as i / inverse (0.3, not
// 0.30000000000000004).

const E10 = Math.sqrt(50);
const E5 = Math.sqrt(10);
const E2 = Math.sqrt(2);
const MAX_TICKS = 1000;

/** A nice step for about `count` ticks over [start, stop]: > 0 the step itself, < 0 minus its inverse. */
export function tickIncrement(start: number, stop: number, count: number): number {
  const step = (stop - start) / Math.max(1, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1;
  return power >= 0 ? factor * 10 ** power : -(10 ** -power) / factor;
}

/**
 * About `count` round values inside [min, max] (both ends included when they are round), ascending.
 * min === max gives [min]; a range too small or too large for nice steps gives [min, max].
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  const [lo, hi] = min <= max ? [min, max] : [max, min];
  if (lo === hi) return [lo];
  const increment = tickIncrement(lo, hi, count);
  if (!Number.isFinite(increment) || increment === 0) return [lo, hi];
  const ticks =
    increment > 0
      ? multiples(Math.ceil(lo / increment), Math.floor(hi / increment), (i) => i * increment)
      : multiples(Math.ceil(lo * -increment), Math.floor(hi * -increment), (i) => i / -increment);
  return ticks ?? [lo, hi];
}

/**
 * [min, max] widened outwards to multiples of the nice step for about `count` ticks, so that the axis
 * starts and ends on a tick. A zero-width range is widened first (see `widenDegenerate`).
 */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  let [start, stop] = widenDegenerate(min, max);
  let previous = 0;
  // Widening can change the step once or twice; d3 loops the same way.
  for (let round = 0; round < 10; round++) {
    const increment = tickIncrement(start, stop, count);
    if (increment === previous || !Number.isFinite(increment) || increment === 0) break;
    const [niceStart, niceStop] =
      increment > 0
        ? [Math.floor(start / increment) * increment, Math.ceil(stop / increment) * increment]
        : [Math.floor(start * -increment) / -increment, Math.ceil(stop * -increment) / -increment];
    if (!Number.isFinite(niceStart) || !Number.isFinite(niceStop)) break;
    [start, stop] = [niceStart, niceStop];
    previous = increment;
  }
  return [start, stop];
}

/** A zero-width range v..v becomes v -/+ 10% of |v| (or -/+ 1 around 0), so one value still has an axis. */
export function widenDegenerate(min: number, max: number): [number, number] {
  if (min < max) return [min, max];
  if (min > max) return [max, min];
  const delta = Math.abs(min) * 0.1;
  return delta > 0 && min - delta < min && min + delta > min
    ? [min - delta, min + delta]
    : [min - 1, min + 1];
}

/**
 * Powers of two inside [min, max] (min > 0): 1, 2, 4, ... When there would be more than `maxCount`,
 * every second (third, ...) power is kept, always including 2^0 = 1 when in range. A range inside one
 * octave (no power of two in it) falls back to `niceTicks`.
 */
export function log2Ticks(min: number, max: number, maxCount = 11): number[] {
  if (!(min > 0) || !(max > 0) || !Number.isFinite(min) || !Number.isFinite(max)) return [];
  const [lo, hi] = min <= max ? [min, max] : [max, min];
  const first = Math.ceil(Math.log2(lo) - 1e-9);
  const last = Math.floor(Math.log2(hi) + 1e-9);
  if (first > last) return niceTicks(lo, hi, 3);
  const stride = Math.ceil((last - first + 1) / Math.max(1, maxCount));
  const ticks: number[] = [];
  for (let exponent = first; exponent <= last; exponent++) {
    if (((exponent % stride) + stride) % stride === 0) ticks.push(2 ** exponent);
  }
  return ticks;
}

/** The smallest power-of-two interval holding [min, max] (min > 0); one value v gives [v/2, 2v]. */
export function log2Domain(min: number, max: number): [number, number] {
  const lo = 2 ** Math.floor(Math.log2(min) + 1e-9);
  const hi = 2 ** Math.ceil(Math.log2(max) - 1e-9);
  if (lo < hi && Number.isFinite(hi) && lo > 0) return [lo, hi];
  return [min / 2, max * 2];
}

function multiples(first: number, last: number, tickAt: (i: number) => number): number[] | null {
  if (!Number.isFinite(first) || !Number.isFinite(last) || last - first + 1 > MAX_TICKS) return null;
  const ticks: number[] = [];
  // + 0 turns -0 (from ceil of a small negative) into 0.
  for (let i = first; i <= last; i++) ticks.push(tickAt(i) + 0);
  return ticks;
}
