import { PlotError } from '../errors.js';

export type ScaleKind = 'linear' | 'log2';

/** Maps data values to pixels along one axis. */
export interface Scale {
  readonly kind: ScaleKind;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** whether a value can be placed on this scale at all (finite; and > 0 on a log2 scale) */
  accepts(value: number): boolean;
  /** the pixel of a value, clamped into the range (values outside the domain sit on its edge) */
  map(value: number): number;
}

/** `domain[0]` maps to `range[0]`; a range may run backwards (a y axis grows upwards). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  assertFiniteDomain(domain, 'linear');
  const [d0, d1] = domain;
  return {
    kind: 'linear',
    domain,
    range,
    accepts: (value) => Number.isFinite(value),
    map: (value) => interpolate(range, fraction(value, d0, d1)),
  };
}

/** Equal distances for equal ratios: 1, 2, 4, 8 are evenly spaced. */
export function log2Scale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  assertFiniteDomain(domain, 'log2');
  if (domain[0] <= 0 || domain[1] <= 0) {
    throw new PlotError(`a log2 axis needs a domain above 0, got [${domain[0]}, ${domain[1]}]`);
  }
  const l0 = Math.log2(domain[0]);
  const l1 = Math.log2(domain[1]);
  return {
    kind: 'log2',
    domain,
    range,
    accepts: (value) => Number.isFinite(value) && value > 0,
    map: (value) => interpolate(range, value > 0 ? fraction(Math.log2(value), l0, l1) : 0),
  };
}

export function scaleOf(
  kind: ScaleKind,
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  return kind === 'log2' ? log2Scale(domain, range) : linearScale(domain, range);
}

/** Position of a value in [d0, d1] as a fraction clamped to [0, 1]; a zero-width domain maps to its middle. */
function fraction(value: number, d0: number, d1: number): number {
  if (d0 === d1) return 0.5;
  const t = (value - d0) / (d1 - d0);
  if (Number.isNaN(t)) return 0;
  return Math.min(1, Math.max(0, t));
}

function interpolate(range: readonly [number, number], t: number): number {
  return range[0] + t * (range[1] - range[0]);
}

function assertFiniteDomain(domain: readonly [number, number], kind: ScaleKind): void {
  if (!Number.isFinite(domain[0]) || !Number.isFinite(domain[1])) {
    throw new PlotError(`a ${kind} axis needs a finite domain, got [${domain[0]}, ${domain[1]}]`);
  }
}
