import { type LineSeries, lineChart } from '@crossover/plots';
import { html } from 'hono/html';
import { csvTable } from '../services/leaderboard.js';
import type { TrajectoryPoint } from '../services/trajectory.js';
import { decimal, percent, query, samplesRange } from './format.js';
import { dataLinks, type Html } from './layout.js';
import { figure } from './plots.js';

export interface TrajectoryView {
  task: string;
  taskset: string;
  model: string;
  k: number;
  /** ks the form offers: powers of two up to the fewest samples per problem of any checkpoint */
  kChoices: readonly number[];
  points: readonly TrajectoryPoint[];
}

function pickForm(view: TrajectoryView): Html {
  const option = (k: number) =>
    html`<option value="${k}"${k === view.k ? html` selected` : ''}>${k}</option>`;
  return html`<form class="filters" method="get" action="/trajectory">
<input type="hidden" name="task" value="${view.task}">
<input type="hidden" name="taskset" value="${view.taskset}">
<label>model<input name="model" value="${view.model}" size="36" required></label>
<label>k<select name="k">${view.kChoices.map(option)}</select></label>
<button type="submit">Show</button>
</form>`;
}

/** pass@1 and pass@k (with its 95% band) against the training step. */
function passChart(view: TrajectoryView): string {
  const steps = view.points.filter((point) => point.step !== null);
  const series: LineSeries[] = [
    { name: 'pass@1', points: steps.map((p) => ({ x: p.step as number, y: p.pass_at_1 ?? Number.NaN })) },
  ];
  if (view.k > 1) {
    series.push({
      name: `pass@${view.k}`,
      points: steps.map((p) => ({ x: p.step as number, y: p.pass_at_k ?? Number.NaN })),
      band: steps.flatMap((p) =>
        p.ci_low === null || p.ci_high === null
          ? []
          : [{ x: p.step as number, low: p.ci_low, high: p.ci_high }],
      ),
    });
  }
  return lineChart({
    id: 'trajectory-pass',
    title: `pass@1${view.k > 1 ? ` and pass@${view.k}` : ''} by training step`,
    width: 720,
    height: 340,
    x: { label: 'training step', name: 'step' },
    y: { label: 'pass@k', name: 'pass@k', format: 'percent' },
    series,
    legend: true,
  });
}

function lengthChart(view: TrajectoryView, unit: string): string {
  const steps = view.points.filter((point) => point.step !== null);
  const line = (name: string, value: (p: TrajectoryPoint) => number | null) => ({
    name,
    points: steps.map((p) => ({ x: p.step as number, y: value(p) ?? Number.NaN })),
  });
  return lineChart({
    id: 'trajectory-lengths',
    title: 'mean answer length by training step',
    width: 720,
    height: 340,
    x: { label: 'training step', name: 'step' },
    y: { label: `mean length (${unit})`, name: 'length' },
    series: [
      line('correct answers', (p) => p.mean_length_correct),
      line('incorrect answers', (p) => p.mean_length_incorrect),
    ],
    legend: true,
  });
}

function pointsTable(view: TrajectoryView): Html {
  const params = { task: view.task, taskset: view.taskset, model: view.model, k: view.k };
  return html`<table class="trajectory sortable">
<thead><tr><th class="num" data-type="number">step</th><th data-type="text">method</th><th class="num" data-type="number">pass@1</th><th class="num" data-type="number">pass@${view.k} [95% CI]</th><th class="num" data-type="number">len. correct</th><th class="num" data-type="number">len. incorrect</th><th class="num">samples</th></tr></thead>
<tbody>
${view.points.map(
  (p) => html`<tr data-run="${p.run_id}">
<td class="num"><a href="/runs/${p.run_id}">${p.step}</a></td>
<td>${p.method}</td>
<td class="num" data-value="${p.pass_at_1 ?? ''}">${percent(p.pass_at_1)}</td>
<td class="num" data-value="${p.pass_at_k ?? ''}">${percent(p.pass_at_k)}${p.ci_low === null || p.ci_high === null ? '' : html`<span class="muted"> [${percent(p.ci_low)}, ${percent(p.ci_high)}]</span>`}</td>
<td class="num" data-value="${p.mean_length_correct ?? ''}">${decimal(p.mean_length_correct)}</td>
<td class="num" data-value="${p.mean_length_incorrect ?? ''}">${decimal(p.mean_length_incorrect)}</td>
<td class="num">${samplesRange(p.samples_per_problem_min, p.samples_per_problem_max)}</td>
</tr>`,
)}
</tbody>
</table>
${dataLinks(`/v1/trajectory${query(params)}`, `/trajectory.csv${query(params)}`)}`;
}

/** `/trajectory?model=`: one model's checkpoints, pass@k and answer lengths against the training step. */
export function trajectoryPage(view: TrajectoryView): Html {
  if (view.model === '') {
    return html`<h1>Trajectory of a model</h1>
<p class="lead">The runs of one model at different training steps: pass@k and answer lengths against the step. Give the model name its runs were submitted under.</p>
${pickForm(view)}`;
  }
  const title = html`<h1>Trajectory: ${view.model}</h1>`;
  if (view.points.length === 0) {
    return html`${title}
<p class="empty">No scored runs of ${view.model} on ${view.taskset} name a training step.</p>
${pickForm(view)}`;
  }
  const unit = view.points.find((p) => p.length_unit !== null)?.length_unit ?? 'tokens';
  return html`${title}
<p class="lead">${view.points.length} checkpoints on ${view.taskset}, by training step: does pass@k at large k follow pass@1 up, and do incorrect answers grow longer than correct ones?</p>
${pickForm(view)}
<div class="plots">
${figure(passChart(view), `pass@1${view.k > 1 ? ` and pass@${view.k} with its 95% interval` : ''} of each checkpoint.`)}
${figure(lengthChart(view, unit), `Mean length of the correct and of the incorrect answers of each checkpoint (${unit}).`)}
</div>
<h2>Checkpoints</h2>
${pointsTable(view)}`;
}

/** The checkpoints table as CSV: the same rows as /v1/trajectory's `points`. */
export function trajectoryCsv(points: readonly TrajectoryPoint[]): string {
  const columns = [
    'step',
    'run_id',
    'method',
    'k',
    'pass_at_1',
    'pass_at_k',
    'ci_low',
    'ci_high',
    'length_unit',
    'mean_length_correct',
    'mean_length_incorrect',
  ] as const;
  return csvTable(columns, points);
}
