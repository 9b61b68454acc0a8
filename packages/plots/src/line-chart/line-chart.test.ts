import { describe, expect, it } from 'vitest';
import { PlotError } from '../errors.js';
import { byClass, findAll, parseXml, textContent, tooltipOf, type XmlElement } from '../test-xml.js';
import { lineChart } from './line-chart.js';
import { crossoverMarker } from './markers.js';
import type { LineChartSpec, LineSeries } from './types.js';

const KS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];

function curve(name: string, values: number[], halfWidth?: number): LineSeries {
  const points = values.map((y, i) => ({ x: KS[i] as number, y }));
  if (halfWidth === undefined) return { name, points };
  return { name, points, band: points.map(({ x, y }) => ({ x, low: y - halfWidth, high: y + halfWidth })) };
}

const base = curve('base', [0.2, 0.3, 0.4, 0.5, 0.58, 0.65, 0.72, 0.78, 0.83, 0.87, 0.9], 0.03);
const grpo = curve('grpo', [0.45, 0.52, 0.58, 0.63, 0.67, 0.7, 0.712, 0.73, 0.75, 0.76, 0.77], 0.03);

function passAtKSpec(overrides: Partial<LineChartSpec> = {}): LineChartSpec {
  return {
    title: 'pass@k',
    x: { label: 'k (samples per problem)', name: 'k', scale: 'log2' },
    y: { label: 'pass@k', format: 'percent' },
    series: [base, grpo],
    markers: [crossoverMarker(64)],
    ...overrides,
  };
}

const attr = (element: XmlElement | undefined, name: string) => element?.attrs[name];

describe('lineChart: a pass@k comparison', () => {
  const svg = lineChart(passAtKSpec());
  const root = parseXml(svg);

  it('is a well-formed, accessible <svg> named by its <title> and <desc>', () => {
    expect(root.tag).toBe('svg');
    expect(root.attrs.role).toBe('img');
    const [titleId, descId] = [root.attrs['aria-labelledby'], root.attrs['aria-describedby']];
    const title = findAll(root, (e) => e.tag === 'title' && e.attrs.id === titleId);
    const desc = findAll(root, (e) => e.tag === 'desc' && e.attrs.id === descId);
    expect(title.map(textContent)).toEqual(['pass@k']);
    expect(desc.map(textContent)).toEqual([
      'Line chart of pass@k against k (samples per problem) (log2 scale). Series: base (11 points, with 95% CI); ' +
        'grpo (11 points, with 95% CI). Marked: crossover k = 64.',
    ]);
  });

  it('draws exactly one line path and one band per series', () => {
    const series = byClass(root, 'series', 'g');
    expect(series.map((g) => g.attrs['data-series'])).toEqual(['base', 'grpo']);
    for (const g of series) expect(findAll(g, (e) => e.tag === 'path').length).toBe(1);
    expect(byClass(root, 'band', 'path').map((p) => p.attrs['data-series'])).toEqual(['base', 'grpo']);
  });

  it('puts k on a log2 axis: ticks at every power of two, evenly spaced', () => {
    const ticks = byClass(byClass(root, 'axis-x')[0] as XmlElement, 'tick');
    expect(ticks.map(textContent)).toEqual(KS.map(String));
    const xs = ticks.map((t) => Number(attr(findAll(t, (e) => e.tag === 'line')[0], 'x1')));
    // plot area 63.76 .. 620 (left leaves room for "100%"): one tenth of 556.24 px per doubling
    expect(xs[0]).toBe(63.76);
    expect(xs[10]).toBe(620);
    expect(xs[6]).toBe(397.5);
  });

  it('labels the y axis in percent from 0% to 100%', () => {
    const ticks = byClass(byClass(root, 'axis-y')[0] as XmlElement, 'tick');
    expect(ticks.map(textContent)).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
  });

  it('marks the crossover k with a dashed vertical line at its x, labelled', () => {
    const [marker] = byClass(root, 'crossover');
    expect(marker?.attrs.class).toBe('marker crossover');
    expect(marker?.attrs['data-x']).toBe('64');
    const line = findAll(marker as XmlElement, (e) => e.tag === 'line')[0];
    expect([attr(line, 'x1'), attr(line, 'x2'), attr(line, 'stroke-dasharray')]).toEqual([
      '397.5',
      '397.5',
      '5 4',
    ]);
    expect(textContent(marker as XmlElement)).toBe('crossover k = 64');
  });

  it('gives every point a tooltip and data attributes', () => {
    const point = byClass(root, 'point').find(
      (p) => p.attrs['data-series'] === 'grpo' && p.attrs['data-x'] === '64',
    );
    expect(point?.attrs).toMatchObject({ 'data-y': '0.712', cx: '397.5', cy: '130.88' });
    expect(tooltipOf(point as XmlElement)).toBe('grpo: k=64, pass@k=71.2% (95% CI 68.2%–74.2%)');
    expect(byClass(root, 'point').length).toBe(22);
  });

  it('shows a legend for two series', () => {
    const items = byClass(root, 'legend-item');
    expect(items.map((i) => i.attrs['data-series'])).toEqual(['base', 'grpo']);
  });

  it('renders the same bytes for the same spec', () => {
    expect(lineChart(passAtKSpec())).toBe(svg);
  });
});

describe('lineChart: escaping', () => {
  it('escapes hostile names, labels and titles everywhere they appear', () => {
    const evil = '<script>alert(1)</script>';
    const svg = lineChart({
      title: evil,
      x: { label: `x ${evil}`, scale: 'linear' },
      y: { label: `"y" & 'z'` },
      series: [
        { name: evil, points: [{ x: 1, y: 2 }], band: [{ x: 1, low: 1, high: 3 }] },
        curve('ok', [1, 2]),
      ],
      markers: [{ x: 1, label: evil }],
    });
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const root = parseXml(svg);
    expect(byClass(root, 'series').map((g) => g.attrs['data-series'])).toEqual([evil, 'ok']);
    expect(textContent(byClass(root, 'axis-label')[1] as XmlElement)).toBe(`"y" & 'z'`);
  });
});

describe('lineChart: edge cases', () => {
  const linear = (series: LineSeries[], extra: Partial<LineChartSpec> = {}) =>
    lineChart({ x: { label: 'step' }, y: { label: 'accuracy' }, series, ...extra });

  it('draws axes and "No data" for no series or only empty ones', () => {
    for (const series of [[], [{ name: 'a', points: [] }]]) {
      const root = parseXml(linear(series));
      expect(byClass(root, 'empty').map(textContent)).toEqual(['No data']);
      expect(byClass(root, 'axis').length).toBe(2);
    }
  });

  it('draws a single point as a dot, on an axis around it', () => {
    const root = parseXml(linear([{ name: 'a', points: [{ x: 5, y: 0.5 }] }]));
    const path = byClass(root, 'line')[0];
    expect(path?.attrs.d).toMatch(/^M[\d.]+,[\d.]+l0,0$/);
    expect(byClass(root, 'point').length).toBe(1);
    expect(byClass(root, 'empty')).toEqual([]);
    expect(byClass(byClass(root, 'axis-x')[0] as XmlElement, 'tick').map(textContent)).toEqual([
      '4.4',
      '4.6',
      '4.8',
      '5.0',
      '5.2',
      '5.4',
      '5.6',
    ]);
  });

  it('handles all-equal values', () => {
    const root = parseXml(linear([{ name: 'a', points: [1, 2, 3].map((x) => ({ x, y: 7 })) }]));
    const cys = byClass(root, 'point').map((p) => p.attrs.cy);
    expect(new Set(cys).size).toBe(1);
    expect(byClass(byClass(root, 'axis-y')[0] as XmlElement, 'tick').map(textContent)).toEqual([
      '6.0',
      '6.5',
      '7.0',
      '7.5',
      '8.0',
    ]);
  });

  it('skips NaN and Infinity, breaking the line there, and never writes them', () => {
    const points = [
      { x: 0, y: 1 },
      { x: 1, y: Number.NaN },
      { x: 2, y: 3 },
      { x: 3, y: 4 },
      { x: Number.POSITIVE_INFINITY, y: 5 },
      { x: 5, y: Number.NEGATIVE_INFINITY },
    ];
    const svg = linear([
      { name: 'a', points, band: points.map((p) => ({ x: p.x, low: p.y, high: Number.NaN })) },
    ]);
    expect(svg).not.toMatch(/NaN|Infinity/);
    const root = parseXml(svg);
    expect(byClass(root, 'point').map((p) => p.attrs['data-x'])).toEqual(['0', '2', '3']);
    expect(byClass(root, 'line')[0]?.attrs.d?.match(/M/g)?.length).toBe(2);
    expect(byClass(root, 'band')).toEqual([]);
  });

  it('skips x <= 0 on a log2 axis', () => {
    const svg = lineChart({
      x: { label: 'k', scale: 'log2' },
      y: { label: 'pass@k', format: 'percent' },
      series: [{ name: 'a', points: [-1, 0, 1, 2, 4].map((x) => ({ x, y: 0.5 })) }],
    });
    const root = parseXml(svg);
    expect(byClass(root, 'point').map((p) => p.attrs['data-x'])).toEqual(['1', '2', '4']);
    expect(byClass(byClass(root, 'axis-x')[0] as XmlElement, 'tick').map(textContent)).toEqual([
      '1',
      '2',
      '4',
    ]);
  });

  it('clamps values outside an explicit domain to its edge and leaves out markers beyond it', () => {
    const svg = lineChart({
      x: { label: 'k', scale: 'log2', domain: [1, 16] },
      y: { label: 'pass@k', format: 'percent', domain: [0, 1] },
      series: [
        {
          name: 'a',
          points: [
            { x: 1, y: 1.5 },
            { x: 64, y: -0.5 },
          ],
        },
      ],
      markers: [crossoverMarker(32), crossoverMarker(8)],
    });
    const root = parseXml(svg);
    const axisY = byClass(root, 'axis-y')[0] as XmlElement;
    const [top, bottom] = [
      findAll(axisY, (e) => e.tag === 'line')[0]?.attrs.y1,
      findAll(axisY, (e) => e.tag === 'line')[0]?.attrs.y2,
    ];
    const right = findAll(byClass(root, 'axis-x')[0] as XmlElement, (e) => e.tag === 'line')[0]?.attrs.x2;
    expect(byClass(root, 'point').map((p) => [p.attrs.cx, p.attrs.cy])).toEqual([
      ['63.76', top],
      [right, bottom],
    ]);
    expect(byClass(root, 'marker').map((m) => m.attrs['data-x'])).toEqual(['8']);
  });

  it('keeps a percent axis at 0%..100% when a band pokes outside it, clamping the band', () => {
    const root = parseXml(
      lineChart({
        x: { label: 'k', scale: 'log2' },
        y: { label: 'pass@k', format: 'percent' },
        series: [
          {
            name: 'a',
            points: [
              { x: 1, y: 0.01 },
              { x: 2, y: 0.99 },
            ],
            band: [
              { x: 1, low: -0.05, high: 0.07 },
              { x: 2, low: 0.95, high: 1.03 },
            ],
          },
        ],
      }),
    );
    const ticks = byClass(byClass(root, 'axis-y')[0] as XmlElement, 'tick').map(textContent);
    expect(ticks).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
    // plot area y from 316 (0%) up to 12 (100%)
    expect(byClass(root, 'band')[0]?.attrs.d).toBe('M63.76,316L620,27.2L620,12L63.76,294.72Z');
  });

  it('draws thousands of points as one path with invisible hover targets', () => {
    const points = Array.from({ length: 5000 }, (_, i) => ({ x: i, y: Math.sin(i / 100) }));
    const root = parseXml(linear([{ name: 'big', points }]));
    const circles = byClass(root, 'point');
    expect(circles.length).toBe(5000);
    expect(circles[0]?.attrs['fill-opacity']).toBe('0');
    expect(byClass(root, 'line')[0]?.attrs.d?.split('L').length).toBe(5000);
  });

  it('styles series by colour and dash, and hides the legend on request', () => {
    const root = parseXml(
      linear(
        [
          { name: 'grpo correct', points: [{ x: 1, y: 1 }], color: '#D55E00' },
          { name: 'grpo incorrect', points: [{ x: 1, y: 2 }], color: '#D55E00', dash: 'dashed' },
        ],
        { legend: false },
      ),
    );
    expect(byClass(root, 'line').map((p) => [p.attrs.stroke, p.attrs['stroke-dasharray']])).toEqual([
      ['#D55E00', undefined],
      ['#D55E00', '7 4'],
    ]);
    expect(byClass(root, 'legend-item')).toEqual([]);
  });

  it('rejects specs that cannot mean anything, with a clear PlotError', () => {
    const point = [{ x: 1, y: 1 }];
    expect(() => linear([{ name: 'a', points: point, color: 'red" onload="x' }])).toThrow(
      /unsupported colour/,
    );
    expect(() => linear([{ name: 'a', points: point, color: 'url(#x)' }])).toThrow(PlotError);
    expect(() => linear([], { x: { label: 'k', domain: [2, 1] } })).toThrow(/x domain must be/);
    expect(() =>
      lineChart({ x: { label: 'k', scale: 'log2', domain: [0, 8] }, y: { label: 'y' }, series: [] }),
    ).toThrow(/x domain must be two values above 0/);
  });

  it('derives a stable id from the content, or uses the given one', () => {
    const a = parseXml(linear([{ name: 'a', points: [] }]));
    const b = parseXml(linear([{ name: 'b', points: [] }]));
    expect(a.attrs.id).toMatch(/^plot-[0-9a-f]{8}$/);
    expect(a.attrs.id).not.toBe(b.attrs.id);
    expect(parseXml(linear([], { id: 'run 7"' })).attrs.id).toBe('plot-run-7-');
  });
});
