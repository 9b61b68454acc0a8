import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlotError } from '../errors.js';
import { byClass, findAll, parseXml, type XmlElement } from '../test-xml.js';
import { lineChart } from './line-chart.js';
import type { LineChartSpec } from './types.js';

// Hostile numbers: anything a double can be, the special values, and ordinary small values so that
// drawable data is common too.
const hostileNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    0,
    -0,
    1e300,
    -1e300,
    1e301,
    5e-324,
  ),
  fc.double({ min: -10, max: 10, noNaN: true }),
  fc.integer({ min: -4, max: 2048 }),
);
// Any code units, lone surrogates and control characters included; names spelling NaN or Infinity
// would defeat the substring check below, so they are left out.
const hostileName = fc
  .string({ unit: 'binary', maxLength: 20 })
  .filter((name) => !name.includes('NaN') && !name.includes('Infinity'));

const seriesArb = fc.record(
  {
    name: hostileName,
    points: fc.array(fc.record({ x: hostileNumber, y: hostileNumber }), { maxLength: 25 }),
    band: fc.array(fc.record({ x: hostileNumber, low: hostileNumber, high: hostileNumber }), {
      maxLength: 25,
    }),
    dash: fc.constantFrom('solid' as const, 'dashed' as const, 'dotted' as const),
  },
  { requiredKeys: ['name', 'points'] },
);

const specArb: fc.Arbitrary<LineChartSpec> = fc.record(
  {
    title: hostileName,
    width: hostileNumber,
    height: hostileNumber,
    x: fc.record(
      {
        label: hostileName,
        scale: fc.constantFrom('linear' as const, 'log2' as const),
        domain: fc.tuple(hostileNumber, hostileNumber),
        ticks: fc.oneof(fc.array(hostileNumber, { maxLength: 8 }), hostileNumber),
      },
      { requiredKeys: ['label'] },
    ),
    y: fc.record(
      {
        label: hostileName,
        format: fc.constantFrom('percent' as const, 'number' as const),
        domain: fc.tuple(hostileNumber, hostileNumber),
      },
      { requiredKeys: ['label'] },
    ),
    series: fc.array(seriesArb, { maxLength: 4 }),
    markers: fc.array(fc.record({ x: hostileNumber, label: hostileName }), { maxLength: 3 }),
  },
  { requiredKeys: ['x', 'y', 'series'] },
);

const NUMBER = /^-?\d+(\.\d{1,2})?$/;
const NUMERIC_ATTRIBUTES = ['x', 'y', 'x1', 'x2', 'y1', 'y2', 'cx', 'cy', 'r', 'width', 'height'];

function assertCoordinatesWritten(root: XmlElement, width: number, height: number): void {
  for (const element of findAll(root, () => true)) {
    for (const name of NUMERIC_ATTRIBUTES) {
      const value = element.attrs[name];
      if (value === undefined) continue;
      expect(value).toMatch(NUMBER);
      if (element.tag !== 'svg' && name !== 'r') {
        const limit = name.startsWith('x') || name === 'cx' || name === 'width' ? width : height;
        expect(Number(value)).toBeGreaterThanOrEqual(-limit);
        expect(Number(value)).toBeLessThanOrEqual(limit);
      }
    }
    if (element.tag === 'path') {
      expect(element.attrs.d).toMatch(/^(?:[ML]-?\d+(?:\.\d{1,2})?,-?\d+(?:\.\d{1,2})?|l0,0|Z)*$/);
    }
  }
}

describe('lineChart on hostile input (property)', () => {
  it('returns well-formed SVG without NaN or Infinity, one line per series, the same bytes twice', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        let svg: string;
        try {
          svg = lineChart(spec);
        } catch (error) {
          // Only a nonsensical explicit domain may be refused.
          expect(error).toBeInstanceOf(PlotError);
          expect(spec.x.domain !== undefined || spec.y.domain !== undefined).toBe(true);
          return;
        }
        expect(svg).not.toMatch(/NaN|Infinity/);
        expect(svg).not.toContain('<script');
        const root = parseXml(svg);
        const [width, height] = [Number(root.attrs.width), Number(root.attrs.height)];
        assertCoordinatesWritten(root, width, height);
        const series = byClass(root, 'series', 'g');
        expect(series.length).toBe(spec.series.length);
        for (const g of series) expect(findAll(g, (e) => e.tag === 'path').length).toBe(1);
        expect(byClass(root, 'band').length).toBeLessThanOrEqual(spec.series.filter((s) => s.band).length);
        expect(lineChart(structuredClone(spec))).toBe(svg);
      }),
      { numRuns: 300 },
    );
  });
});
