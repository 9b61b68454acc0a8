import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlotError } from '../errors.js';
import { isPlottable } from '../scale/plottable.js';
import { binIndex, binValues, niceBinEdges, sturgesBinCount } from './bins.js';

describe('binValues', () => {
  it('counts values in round-width bins, the last bin closed on the right', () => {
    const values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(binValues([values], 5)).toEqual({
      edges: [0, 2, 4, 6, 8, 10],
      counts: [[2, 2, 2, 2, 3]],
      dropped: [0],
    });
  });

  it('shares one set of edges across groups', () => {
    expect(
      binValues(
        [
          [1, 2, 3],
          [95, 100],
        ],
        4,
      ),
    ).toEqual({
      edges: [0, 20, 40, 60, 80, 100],
      counts: [
        [3, 0, 0, 0, 0],
        [0, 0, 0, 0, 2],
      ],
      dropped: [0, 0],
    });
  });

  it('bins exactly against fractional edges (0.2 falls in [0.2, 0.25))', () => {
    expect(binValues([[0.1, 0.2, 0.3]], 4)).toEqual({
      edges: [0.1, 0.15, 0.2, 0.25, 0.3],
      counts: [[1, 0, 1, 1]],
      dropped: [0],
    });
  });

  it('uses given edges and drops values outside them and non-numbers', () => {
    const values = [-1, 0, 9.999, 10, 20, 21, Number.NaN, Number.POSITIVE_INFINITY];
    expect(binValues([values], [0, 10, 20])).toEqual({ edges: [0, 10, 20], counts: [[2, 2]], dropped: [4] });
  });

  it('puts all-equal values in one bin around them, and no values in [0, 1]', () => {
    expect(binValues([[7, 7, 7]])).toEqual({ edges: [6.5, 7.5], counts: [[3]], dropped: [0] });
    expect(binValues([[], [Number.NaN]])).toEqual({ edges: [0, 1], counts: [[0], [0]], dropped: [0, 1] });
  });

  it('covers values that the step division rounds away (-5e-324 / 2 is -0)', () => {
    expect(binValues([[-5e-324, 3]])).toEqual({ edges: [-2, 0, 2, 4], counts: [[1, 0, 1]], dropped: [0] });
  });

  it('defaults to Sturges bin count over all groups', () => {
    expect([0, 1, 2, 100, 1000, 1e9].map(sturgesBinCount)).toEqual([1, 1, 2, 8, 11, 31]);
    const values = Array.from({ length: 100 }, (_, i) => i);
    expect(binValues([values]).edges).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });

  it('rejects a bad bin count or bad edges', () => {
    expect(() => binValues([[1]], 0)).toThrow(PlotError);
    expect(() => binValues([[1]], 2.5)).toThrow(/integer from 1 to 1000/);
    expect(() => binValues([[1]], [0, 2, 2])).toThrow(/strictly increasing/);
    expect(() => binValues([[1]], [0])).toThrow(PlotError);
    expect(() => binValues([[1]], [0, Number.NaN])).toThrow(PlotError);
  });

  it('accounts for every value: in exactly its bin, or dropped (property)', () => {
    const value = fc.oneof(fc.double(), fc.integer({ min: -50, max: 5000 }));
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { maxLength: 40 }), { maxLength: 3 }),
        fc.integer({ min: 1, max: 60 }),
        (groups, bins) => {
          const { edges, counts, dropped } = binValues(groups, bins);
          groups.forEach((values, g) => {
            const total = (counts[g] as number[]).reduce((a, b) => a + b, 0);
            expect(total + (dropped[g] as number)).toBe(values.length);
            // Automatic edges cover every value: only non-numbers are dropped.
            expect(dropped[g]).toBe(values.filter((v) => !isPlottable(v, 'linear')).length);
            for (const v of values) {
              const i = binIndex(edges, v);
              if (i === -1) continue;
              expect(v).toBeGreaterThanOrEqual(edges[i] as number);
              if (i < edges.length - 2) expect(v).toBeLessThan(edges[i + 1] as number);
              else expect(v).toBeLessThanOrEqual(edges[i + 1] as number);
            }
          });
        },
      ),
    );
  });
});

describe('niceBinEdges and binIndex', () => {
  it('covers [min, max] with round edges', () => {
    expect(niceBinEdges(13, 487, 5)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(niceBinEdges(100, 100, 5)).toEqual([99.5, 100.5]);
  });

  it('finds the bin of edge values: left-closed, the last bin right-closed too', () => {
    const edges = [0, 10, 20, 30];
    expect([0, 9.99, 10, 29.9, 30, 30.01, -0.01, Number.NaN].map((v) => binIndex(edges, v))).toEqual([
      0, 0, 1, 2, 2, -1, -1, -1,
    ]);
  });
});
