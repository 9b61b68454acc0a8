import { describe, expect, it } from 'vitest';
import {
  crossoverMarker,
  escapeXml,
  lineChart,
  log2Ticks,
  niceTicks,
  palette,
  paletteColor,
} from './index.js';
import { byClass, parseXml } from './test-xml.js';

// The public entry point, used the way the trainer's experiment report uses it.
describe('@crossover/plots entry point', () => {
  it('draws accuracy per step per algorithm, and mean lengths styled by algorithm colour and correctness', () => {
    const steps = [0, 100, 200, 300];
    const algorithms = ['grpo', 'isft'];
    const svg = lineChart({
      x: { label: 'training step', name: 'step' },
      y: { label: 'mean length (tokens)', name: 'mean length' },
      series: algorithms.flatMap((algorithm, i) => [
        {
          name: `${algorithm} correct`,
          color: paletteColor(i),
          points: steps.map((x) => ({ x, y: 100 + x / 10 })),
        },
        {
          name: `${algorithm} incorrect`,
          color: paletteColor(i),
          dash: 'dashed' as const,
          points: steps.map((x) => ({ x, y: 150 + x / 5 })),
        },
      ]),
    });
    const root = parseXml(svg);
    expect(
      byClass(root, 'line').map((p) => `${p.attrs.stroke} ${p.attrs['stroke-dasharray'] ?? 'solid'}`),
    ).toEqual(['#0072B2 solid', '#0072B2 7 4', '#D55E00 solid', '#D55E00 7 4']);
    expect(byClass(root, 'legend-item').length).toBe(4);
    expect(byClass(root, 'point')[5]?.attrs).toMatchObject({
      'data-series': 'grpo incorrect',
      'data-x': '100',
    });
  });

  it('exports the helpers', () => {
    expect(niceTicks(0, 1, 2)).toEqual([0, 0.5, 1]);
    expect(log2Ticks(1, 8)).toEqual([1, 2, 4, 8]);
    expect(escapeXml('<&>')).toBe('&lt;&amp;&gt;');
    expect(palette.length).toBe(8);
    expect(crossoverMarker(128)).toEqual({ x: 128, label: 'crossover k = 128', kind: 'crossover' });
  });
});
