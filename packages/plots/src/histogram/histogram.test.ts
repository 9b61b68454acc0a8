import { describe, expect, it } from 'vitest';
import { PlotError } from '../errors.js';
import { byClass, parseXml, textContent, tooltipOf, type XmlElement } from '../test-xml.js';
import { histogram } from './histogram.js';
import type { HistogramSpec } from './types.js';

const lengths: HistogramSpec = {
  x: { label: 'length (tokens)', name: 'tokens' },
  groups: [
    { name: 'correct', values: [0, 1, 1, 3] },
    { name: 'incorrect', values: [3, 5, 5.5, 6] },
  ],
  bins: [0, 2, 4, 6],
};

const bars = (root: XmlElement, group: string) =>
  byClass(root, 'bar').filter((b) => b.attrs['data-series'] === group);

describe('histogram', () => {
  const svg = histogram(lengths);
  const root = parseXml(svg);

  it('draws one bar per bin per group, with its exact count', () => {
    expect(byClass(root, 'series').map((g) => g.attrs['data-series'])).toEqual(['correct', 'incorrect']);
    expect(bars(root, 'correct').map((b) => b.attrs['data-count'])).toEqual(['3', '1', '0']);
    expect(bars(root, 'incorrect').map((b) => b.attrs['data-count'])).toEqual(['0', '1', '3']);
    expect(bars(root, 'incorrect').map((b) => [b.attrs['data-x0'], b.attrs['data-x1']])).toEqual([
      ['0', '2'],
      ['2', '4'],
      ['4', '6'],
    ]);
  });

  it('overlays the groups bin on bin, bar height proportional to the count', () => {
    // plot area x 48..620 for 0..6, y 316 (0) .. 30 (3, under a one-row legend)
    const [first] = bars(root, 'correct');
    expect(first?.attrs).toMatchObject({ x: '48.5', width: '189.67', y: '30', height: '286' });
    expect(bars(root, 'correct')[1]?.attrs).toMatchObject({ y: '220.67', height: '95.33' });
    expect(bars(root, 'incorrect')[0]?.attrs).toMatchObject({ x: '48.5', height: '0' });
  });

  it('labels counts with whole-number ticks and writes tooltips with the share of the group', () => {
    const ticks = byClass(byClass(root, 'axis-y')[0] as XmlElement, 'tick').map(textContent);
    expect(ticks).toEqual(['0', '1', '2', '3']);
    expect(tooltipOf(bars(root, 'correct')[0] as XmlElement)).toBe('correct: tokens [0, 2): 3 (75.0%)');
    expect(tooltipOf(bars(root, 'incorrect')[2] as XmlElement)).toBe('incorrect: tokens [4, 6]: 3 (75.0%)');
    expect(byClass(byClass(root, 'axis-x')[0] as XmlElement, 'tick').map(textContent)).toEqual([
      '0',
      '2',
      '4',
      '6',
    ]);
  });

  it('splits each bin between the groups side by side', () => {
    const sideBySide = parseXml(histogram({ ...lengths, layout: 'side-by-side' }));
    expect(bars(sideBySide, 'correct')[0]?.attrs).toMatchObject({ x: '48.5', width: '94.83' });
    expect(bars(sideBySide, 'incorrect')[0]?.attrs).toMatchObject({ x: '143.33', width: '94.83' });
  });

  it('normalises bar heights to shares of each group on a percent axis', () => {
    const normalised = parseXml(
      histogram({
        ...lengths,
        normalize: true,
        groups: [
          { name: 'a', values: [0, 1, 1, 5] },
          { name: 'b', values: [5] },
        ],
      }),
    );
    const ticks = byClass(byClass(normalised, 'axis-y')[0] as XmlElement, 'tick').map(textContent);
    expect(ticks).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    expect(bars(normalised, 'a').map((b) => b.attrs.height)).toEqual(['214.5', '0', '71.5']);
    expect(bars(normalised, 'b').map((b) => b.attrs.height)).toEqual(['0', '0', '286']);
  });

  it('computes nice shared bins from raw values when no edges are given', () => {
    const auto = parseXml(
      histogram({
        x: { label: 'chars' },
        groups: [
          { name: 'a', values: [1, 2, 3] },
          { name: 'b', values: [95, 100] },
        ],
        bins: 4,
      }),
    );
    expect(bars(auto, 'a').map((b) => b.attrs['data-x0'])).toEqual(['0', '20', '40', '60', '80']);
    expect(bars(auto, 'a').map((b) => b.attrs['data-count'])).toEqual(['3', '0', '0', '0', '0']);
    expect(bars(auto, 'b').map((b) => b.attrs['data-count'])).toEqual(['0', '0', '0', '0', '2']);
  });

  it('takes counts per bin when the edges are given', () => {
    const given = parseXml(
      histogram({ x: { label: 'tokens' }, bins: [0, 100, 200], groups: [{ name: 'a', counts: [5, 7] }] }),
    );
    expect(bars(given, 'a').map((b) => b.attrs['data-count'])).toEqual(['5', '7']);
    expect(byClass(given, 'legend-item')).toEqual([]);
  });

  it('rejects counts without edges, counts of the wrong length, and both values and counts', () => {
    expect(() => histogram({ x: { label: 't' }, groups: [{ name: 'a', counts: [1] }] })).toThrow(
      /list of bin edges/,
    );
    expect(() =>
      histogram({ x: { label: 't' }, bins: [0, 1, 2], groups: [{ name: 'a', counts: [1] }] }),
    ).toThrow(/counts must be 2 finite numbers/);
    expect(() =>
      histogram({ x: { label: 't' }, bins: [0, 1], groups: [{ name: 'a', counts: [1], values: [0.5] }] }),
    ).toThrow(PlotError);
    expect(() =>
      histogram({ x: { label: 't' }, groups: [{ name: 'a', values: [1], color: 'x;y' }] }),
    ).toThrow(PlotError);
  });

  it('escapes names, skips non-numbers and says so in the description', () => {
    const evil = '<script>alert(1)</script>';
    const out = histogram({
      x: { label: evil },
      groups: [{ name: evil, values: [1, Number.NaN, Number.POSITIVE_INFINITY, 2] }],
    });
    expect(out).not.toContain('<script');
    expect(out).not.toMatch(/NaN|Infinity/);
    const parsed = parseXml(out);
    expect(byClass(parsed, 'series')[0]?.attrs['data-series']).toBe(evil);
    const desc = parsed.children.find((c): c is XmlElement => typeof c !== 'string' && c.tag === 'desc');
    expect(textContent(desc as XmlElement)).toBe(
      `Histogram of ${evil} in 2 bins from 1 to 2. Groups: ${evil} (2 values, 2 not shown).`,
    );
  });

  it('shows "No data" with no values, and renders the same bytes twice', () => {
    const empty = parseXml(histogram({ x: { label: 'tokens' }, groups: [{ name: 'a', values: [] }] }));
    expect(byClass(empty, 'empty').map(textContent)).toEqual(['No data']);
    expect(histogram(lengths)).toBe(svg);
  });
});
