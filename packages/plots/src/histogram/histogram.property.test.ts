import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlottable } from '../scale/plottable.js';
import { byClass, parseXml } from '../test-xml.js';
import { histogram } from './histogram.js';

const hostileValue = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 1e300, 5e-324),
  fc.integer({ min: 0, max: 4000 }),
);
const hostileName = fc
  .string({ unit: 'binary', maxLength: 16 })
  .filter((name) => !name.includes('NaN') && !name.includes('Infinity'));

describe('histogram on hostile input (property)', () => {
  it('is well-formed, never writes NaN or Infinity, and counts every finite value once', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: hostileName, values: fc.array(hostileValue, { maxLength: 40 }) }), {
          maxLength: 3,
        }),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        fc.constantFrom('overlay' as const, 'side-by-side' as const),
        fc.boolean(),
        (groups, bins, layout, normalize) => {
          const svg = histogram({ x: { label: 'tokens' }, groups, bins, layout, normalize });
          expect(svg).not.toMatch(/NaN|Infinity/);
          const root = parseXml(svg);
          const series = byClass(root, 'series');
          expect(series.length).toBe(groups.length);
          groups.forEach((group, g) => {
            const counted = byClass(series[g] as never, 'bar').reduce(
              (sum, bar) => sum + Number(bar.attrs['data-count']),
              0,
            );
            expect(counted).toBe(group.values.filter((v) => isPlottable(v, 'linear')).length);
          });
          expect(
            histogram({ x: { label: 'tokens' }, groups: structuredClone(groups), bins, layout, normalize }),
          ).toBe(svg);
        },
      ),
      { numRuns: 200 },
    );
  });
});
