import { html } from 'hono/html';
import type { RunView } from '../schemas/run.js';
import type { LeaderboardEntry } from '../services/leaderboard.js';
import type { LengthHistogram } from '../services/length-histogram.js';
import type { RunModeScores } from '../services/run-modes.js';
import { generatorLabel, type ProblemRow } from '../services/runs.js';
import type { ModeDisagreement } from '../services/scoring-packages.js';
import { degenerateNotice } from './degenerate-notice.js';
import { decimal, percent, query, samplesRange, timestamp } from './format.js';
import type { Html } from './layout.js';
import { curveOf, figure, lengthHistogram, passAtKChart, sampleLengthHistogram } from './plots.js';
import { type ProblemsView, problemsTable } from './problems-table.js';
import { modesSection } from './run-modes-section.js';

type Report = NonNullable<RunView['report']>;

export interface RunPageView {
  run: RunView;
  /** per-sample lengths binned at scoring time (null for runs scored before they were kept) */
  lengths: LengthHistogram | null;
  /** every per-problem row: their mean lengths stand in when `lengths` is null */
  allProblems: readonly ProblemRow[];
  problems: ProblemsView;
  /** other scored runs of the taskset, to compare with */
  others: readonly LeaderboardEntry[];
  /** the run's scores under every mode of its task (empty for runs scored before they were stored) */
  modes: readonly RunModeScores[];
  disagreements: readonly ModeDisagreement[];
}

function verifierLabel(run: RunView): string {
  const version =
    run.verifier_version === null ? 'version not recorded' : `verifier v${run.verifier_version}`;
  return `${run.task} / ${run.mode} (${version})`;
}

function promptTemplate(run: RunView): Html | string {
  const template = run.provenance?.prompt_template;
  if (!template) return '—';
  return template.digest
    ? html`${template.name} <span class="muted">${template.digest.slice(0, 12)}</span>`
    : template.name;
}

function settings(run: RunView): Html {
  const report = run.report;
  const item = (term: string, value: Html | string | number) => html`<dt>${term}</dt><dd>${value}</dd>`;
  return html`<dl class="settings run-settings">
${item('model', run.model)}
${item('base model', run.base_model ?? '—')}
${item('method', run.method)}
${item('step', run.step === null ? '—' : html`${run.step} · <a class="trajectory-link" href="/trajectory${query({ task: run.task, taskset: run.taskset.name, model: run.model })}">every step of this model</a>`)}
${item('task / mode', verifierLabel(run))}
${item('taskset', html`${run.taskset.name} <span class="muted">${run.taskset.digest.slice(0, 12)}</span>`)}
${item('temperature', run.sampling.temperature)}
${item('top_p', run.sampling.top_p)}
${item('max tokens', run.sampling.max_tokens)}
${item('seed', run.sampling.seed ?? '—')}
${item('model revision', run.provenance?.model_revision ?? '—')}
${item('prompt template', promptTemplate(run))}
${item('generator', generatorLabel(run.provenance?.generator) ?? '—')}
${report ? item('problems', report.n_problems) : ''}
${report ? item('samples per problem', samplesRange(report.samples_per_problem.min, report.samples_per_problem.max)) : ''}
${run.generations ? item('generations', html`<a href="/v1/runs/${run.id}/generations">${run.generations.records} records (NDJSON)</a>`) : ''}
${item('created', timestamp(run.created_at))}
${item('API', html`<a href="/v1/runs/${run.id}">/v1/runs/${run.id}</a>`)}
</dl>
${run.notes ? html`<h2>Notes</h2><p class="notes">${run.notes}</p>` : ''}`;
}

function lengthSummary(report: Report): Html {
  const { unit, correct, incorrect } = report.lengths;
  const line = (name: string, stats: typeof correct) =>
    html`<dt>${name}</dt><dd>${stats.count} answers · mean ${decimal(stats.mean)} · median ${decimal(stats.median)} · p90 ${decimal(stats.p90)} ${unit}</dd>`;
  return html`<dl class="settings lengths">${line('correct', correct)}${line('incorrect', incorrect)}</dl>`;
}

function compareForm(run: RunView, others: readonly LeaderboardEntry[]): Html {
  const candidates = others.filter((entry) => entry.run_id !== run.id);
  if (candidates.length === 0) return html``;
  return html`<form class="filters" method="get" action="/compare">
<input type="hidden" name="a" value="${run.id}">
<label>compare with<select name="b">${candidates.map((entry) => html`<option value="${entry.run_id}">${entry.model} (${entry.method}${entry.step === null ? '' : `, step ${entry.step}`})</option>`)}</select></label>
<button type="submit">Compare</button>
</form>`;
}

function scoredSections(view: RunPageView, report: Report): Html {
  const { run } = view;
  const passAt1 = report.pass_at_k['1'];
  const largest = Math.max(...report.k);
  const curve = passAtKChart({
    id: `run-${run.id}`,
    title: `pass@k of ${run.model}`,
    series: [curveOf(run.model, report)],
  });
  const lengths = view.lengths
    ? sampleLengthHistogram(`lengths-${run.id}`, view.lengths)
    : lengthHistogram(`lengths-${run.id}`, view.allProblems, report.lengths.unit);
  const lengthsCaption = view.lengths
    ? 'Length of every correct and every incorrect answer (share of each group per bin).'
    : 'Per-problem mean length of the correct and of the incorrect answers (share of problems per bin).';
  return html`<p class="lead">pass@1 ${percent(passAt1)} · pass@${largest} ${percent(report.pass_at_k[String(largest)])} · coverage ${percent(report.coverage)}</p>
${degenerateNotice('This run', report.degenerate)}
<div class="plots">
${figure(curve, 'pass@k against k (log2 axis); the band is the 95% interval.')}
${figure(lengths, lengthsCaption)}
</div>
${lengthSummary(report)}
${compareForm(run, view.others)}
${modesSection(run, view.modes, view.disagreements)}`;
}

/** `/runs/:id`: the curve, the lengths, the settings and the per-problem rows of one run. */
export function runPage(view: RunPageView): Html {
  const { run } = view;
  const report = run.report;
  return html`<h1>${run.model} <span class="status status-${run.status}">${run.status}</span></h1>
${run.failure_reason ? html`<p class="error">${run.failure_reason}</p>` : ''}
${report && run.status === 'scored' ? scoredSections(view, report) : html`<p class="lead">This run has no scores yet.</p>`}
<h2>Settings</h2>
${settings(run)}
<h2 id="problems">Problems</h2>
${problemsTable(view.problems)}`;
}
