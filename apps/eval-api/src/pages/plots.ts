import { crossoverMarker, histogram, type LineSeries, lineChart } from '@crossover/plots';
import { html, raw } from 'hono/html';
import type { LengthHistogram } from '../services/length-histogram.js';
import type { ProblemRow } from '../services/runs.js';
import type { Report } from '../services/scoring-packages.js';
import type { Html } from './layout.js';

/** A pass@k curve with its 95% interval band, from a report's summary. */
export function curveOf(name: string, report: Pick<Report, 'k' | 'pass_at_k' | 'pass_at_k_ci'>): LineSeries {
  const ks = [...report.k].sort((a, b) => a - b);
  const points = ks.flatMap((k) => {
    const y = report.pass_at_k[String(k)];
    return y === undefined ? [] : [{ x: k, y }];
  });
  const band = ks.flatMap((k) => {
    const interval = report.pass_at_k_ci[String(k)];
    return interval === undefined ? [] : [{ x: k, low: interval.low, high: interval.high }];
  });
  return { name, points, band };
}

export interface PassAtKPlot {
  id: string;
  title: string;
  series: readonly LineSeries[];
  crossoverK?: number | null | undefined;
}

/** pass@k against k on a log2 axis, with bands and the crossover k when there is one. */
export function passAtKChart({ id, title, series, crossoverK }: PassAtKPlot): string {
  return lineChart({
    id,
    title,
    width: 720,
    height: 380,
    x: { label: 'k (samples per problem)', name: 'k', scale: 'log2' },
    y: { label: 'pass@k', name: 'pass@k', format: 'percent' },
    series,
    markers: crossoverK === null || crossoverK === undefined ? [] : [crossoverMarker(crossoverK)],
  });
}

/** Per-problem mean lengths of correct and of incorrect answers, overlaid on shared bins. */
export function lengthHistogram(id: string, rows: readonly ProblemRow[], unit: string): string {
  const values = (field: 'mean_length_correct' | 'mean_length_incorrect') =>
    rows.flatMap((row) => {
      const value = row[field];
      return typeof value === 'number' && Number.isFinite(value) ? [value] : [];
    });
  return histogram({
    id,
    title: 'Answer length: correct vs incorrect',
    width: 720,
    height: 320,
    x: { label: `mean answer length per problem (${unit})`, name: unit },
    y: { label: 'share of problems' },
    groups: [
      { name: 'correct', values: values('mean_length_correct') },
      { name: 'incorrect', values: values('mean_length_incorrect') },
    ],
    layout: 'overlay',
    normalize: true,
  });
}

/** Every sample's length, correct vs incorrect, from the histogram stored when the run was scored. */
export function sampleLengthHistogram(id: string, lengths: LengthHistogram): string {
  return histogram({
    id,
    title: 'Answer length: correct vs incorrect',
    width: 720,
    height: 320,
    x: { label: `answer length (${lengths.unit})`, name: lengths.unit },
    y: { label: 'share of answers' },
    bins: lengths.edges,
    groups: [
      { name: 'correct', counts: lengths.correct },
      { name: 'incorrect', counts: lengths.incorrect },
    ],
    layout: 'overlay',
    normalize: true,
  });
}

/** A plot in a figure with its caption and the readout the progressive script fills on hover. */
export function figure(svg: string, caption: Html | string): Html {
  // raw(): @crossover/plots escapes every string of the spec (model names included) and emits no script.
  return html`<figure class="plot">${raw(svg)}
<figcaption>${caption}</figcaption>
<output class="plot-readout" aria-live="polite"></output></figure>`;
}
