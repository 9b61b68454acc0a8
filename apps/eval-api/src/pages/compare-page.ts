import { html } from 'hono/html';
import { RUN_ID_PATTERN } from '../schemas/run.js';
import type { RunCurve } from '../services/board-page.js';
import type { compareScoredRuns } from '../services/compare.js';
import { csvTable } from '../services/leaderboard.js';
import { modesFor, TASKS } from '../services/scoring-packages.js';
import { degenerateNotice } from './degenerate-notice.js';
import { percent, query } from './format.js';
import { dataLinks, type Html } from './layout.js';
import { curveOf, figure, passAtKChart } from './plots.js';
import { sampleSizeSection } from './sample-size-section.js';

export type Comparison = Awaited<ReturnType<typeof compareScoredRuns>>;

export interface ComparePageView {
  a?: string | undefined;
  b?: string | undefined;
  seed: number;
  /** the mode asked for; absent: the default */
  mode?: string | undefined;
  /** the width the sample-size plan aims at, in doublings of k */
  planWidth: number;
  comparison?: Comparison | undefined;
  /** the two runs' own curves, for their interval bands */
  curves: readonly RunCurve[];
}

function pickForm(view: ComparePageView): Html {
  return html`<form class="filters" method="get" action="/compare">
<label>run a<input name="a" value="${view.a ?? ''}" placeholder="run_…" size="28" pattern="${RUN_ID_PATTERN}" required></label>
<label>run b<input name="b" value="${view.b ?? ''}" placeholder="run_…" size="28" pattern="${RUN_ID_PATTERN}" required></label>
${modeSelect(view)}
<label>plan width<input name="plan_width" type="number" min="0" max="10" step="0.5" value="${view.planWidth}" size="4"></label>
<button type="submit">Compare</button>
</form>`;
}

/** The verifier mode to compare under: the compared task's modes, or every task's before a comparison. */
function modeSelect(view: ComparePageView): Html {
  const tasks = view.comparison ? [view.comparison.a.task] : TASKS;
  const option = (mode: string) =>
    html`<option value="${mode}"${mode === view.mode ? ' selected' : ''}>${mode}</option>`;
  return html`<label>verifier mode<select name="mode"><option value="">task default</option>
${tasks.map((task) => html`<optgroup label="${task}">${modesFor(task as (typeof TASKS)[number]).map(option)}</optgroup>`)}
</select></label>`;
}

/** Which verifier judged the curves: one mode for both, or each run's own (then a warning says so too). */
function modeLine(comparison: Comparison): Html {
  const { a, b } = comparison;
  if (a.mode === b.mode)
    return html`<p class="compare-mode">Both curves judged by the <strong>${a.mode}</strong> verifier.</p>`;
  return html`<p class="compare-mode">a judged by <strong>${a.mode}</strong>, b by <strong>${b.mode}</strong>: not every mode is stored for these runs.</p>`;
}

function sideName(side: Comparison['a']): string {
  return `${side.model} (${side.method}${side.step === null ? '' : `, step ${side.step}`})`;
}

const SETTING_NAMES: Record<string, string> = {
  mode: 'verifier mode',
  taskset: 'taskset',
  'taskset.digest': 'taskset digest',
  n: 'samples per problem',
  'sampling.temperature': 'temperature',
  'sampling.top_p': 'top_p',
  'sampling.max_tokens': 'max_tokens',
  prompt_template: 'prompt template',
  'prompt_template.digest': 'prompt template digest',
};

/** The settings the runs differ in, said before the verdict they may explain. */
function warningsNotice(comparison: Comparison): Html {
  if (comparison.warnings.length === 0) return html``;
  const shown = (value: string | number | null) => (value === null ? 'unknown' : String(value));
  return html`<div class="compare-warnings" role="note"><strong>Not like for like:</strong> the runs differ in
${comparison.warnings.map(
  (warning, i) =>
    html`${i === 0 ? '' : '; '}${SETTING_NAMES[warning.field] ?? warning.field} (a ${shown(warning.a)}, b ${shown(warning.b)})`,
)}. What follows measures these differences along with the training.</div>`;
}

function crossoverSummary(comparison: Comparison): Html {
  const { crossover } = comparison;
  if (crossover.behind === null)
    return html`<p class="crossover-summary">The runs tie at k = ${comparison.k[0]}.</p>`;
  const behind = comparison[crossover.behind];
  const ahead = comparison[crossover.behind === 'a' ? 'b' : 'a'];
  if (crossover.k === null) {
    return html`<p class="crossover-summary">${sideName(behind)} trails ${sideName(ahead)} at every k up to ${Math.max(...comparison.k)}: no crossover.</p>`;
  }
  const interval =
    crossover.low === null || crossover.high === null ? 'open' : `[${crossover.low}, ${crossover.high}]`;
  return html`<p class="crossover-summary">${sideName(behind)} is behind at k = ${comparison.k[0]} and catches up with ${sideName(ahead)} at <strong>k = ${crossover.k}</strong>
(bootstrap: crossover in ${percent(crossover.probability)} of resamples, 95% interval of k ${interval}).</p>`;
}

function curvesFigure(comparison: Comparison, curves: readonly RunCurve[]): Html {
  // The runs' own intervals cover all their problems: shown only when both runs scored the same problems.
  const sameProblems = comparison.problems.only_a === 0 && comparison.problems.only_b === 0;
  // The bands are of each run's ranking mode: drawn only for a side compared under that mode.
  const bandOf = (side: Comparison['a']) => {
    const curve = curves.find((candidate) => candidate.run_id === side.id);
    return sameProblems && curve && curve.report.mode === side.mode
      ? curveOf('', curve.report).band
      : undefined;
  };
  const series = (['a', 'b'] as const).map((side) => {
    const band = bandOf(comparison[side]);
    return {
      name: `${side}: ${sideName(comparison[side])}`,
      points: comparison.points.map((point) => ({ x: point.k, y: point[side] })),
      ...(band ? { band } : {}),
    };
  });
  const svg = passAtKChart({
    id: 'compare',
    title: 'pass@k, a against b',
    series,
    crossoverK: comparison.crossover.k,
  });
  return figure(
    svg,
    `pass@k on the ${comparison.problems.common} problems both runs scored (log2 k axis)${sameProblems ? ', with 95% intervals' : ''}; the dashed line marks the crossover k.`,
  );
}

const IDS_SHOWN = 40;

function idList(ids: readonly string[]): Html {
  if (ids.length === 0) return html`<span class="muted">none</span>`;
  const more = ids.length - IDS_SHOWN;
  return html`<span class="problem-ids">${ids.slice(0, IDS_SHOWN).join(', ')}</span>${more > 0 ? html` <span class="muted">and ${more} more (in the JSON)</span>` : ''}`;
}

/** Which problems each run solves at all (k = n), and whether the difference is more than chance. */
function coverageSection(comparison: Comparison): Html {
  const { coverage, coverage_test: test } = comparison;
  const verdict =
    test.only_a + test.only_b === 0
      ? 'No problem is solved by one run only.'
      : `Exact McNemar test of ${test.only_a} against ${test.only_b}: p = ${test.p_value < 1e-4 ? test.p_value.toExponential(1) : test.p_value.toFixed(4)}${test.p_value < 0.05 ? ', a difference in coverage beyond chance at the 5% level' : ', within chance at the 5% level'}.`;
  return html`<h2>Per-problem evidence</h2>
<p class="lead">The common problems by which run solves them at all (some sample correct, k = n).</p>
<table class="coverage">
<thead><tr><th>solved by</th><th class="num">problems</th><th>ids</th></tr></thead>
<tbody>
<tr><td>a only</td><td class="num">${coverage.only_a.count}</td><td>${idList(coverage.only_a.ids)}</td></tr>
<tr><td>b only</td><td class="num">${coverage.only_b.count}</td><td>${idList(coverage.only_b.ids)}</td></tr>
<tr><td>both</td><td class="num">${coverage.both.count}</td><td class="muted">—</td></tr>
<tr><td>neither</td><td class="num">${coverage.neither.count}</td><td>${idList(coverage.neither.ids)}</td></tr>
</tbody>
</table>
<p class="coverage-test">${verdict}</p>`;
}

function pointsTable(view: ComparePageView, comparison: Comparison): Html {
  const params = {
    a: comparison.a.id,
    b: comparison.b.id,
    seed: view.seed === 0 ? undefined : view.seed,
    mode: view.mode,
    plan_width: view.planWidth === 1 ? undefined : view.planWidth,
  };
  return html`<table class="points sortable">
<thead><tr><th class="num" data-type="number">k</th><th class="num" data-type="number">pass@k a</th><th class="num" data-type="number">pass@k b</th><th class="num" data-type="number">a − b</th><th class="num">95% interval</th></tr></thead>
<tbody>
${comparison.points.map(
  (point) => html`<tr${point.k === comparison.crossover.k ? html` class="crossover-row"` : ''}>
<td class="num">${point.k}</td><td class="num" data-value="${point.a}">${percent(point.a)}</td><td class="num" data-value="${point.b}">${percent(point.b)}</td><td class="num" data-value="${point.diff}">${percent(point.diff)}</td><td class="num">[${percent(point.low)}, ${percent(point.high)}]</td></tr>`,
)}
</tbody>
</table>
${dataLinks(`/v1/compare${query(params)}`, `/compare.csv${query(params)}`)}`;
}

/** `/compare?a=&b=`: both curves on one plot with the crossover k marked, and the points behind them. */
export function comparePage(view: ComparePageView): Html {
  const { comparison } = view;
  if (!comparison) {
    return html`<h1>Compare two runs</h1>
<p class="lead">Pick two runs on the leaderboard (the a / b columns), or give their ids.</p>
${pickForm(view)}`;
  }
  const link = (side: Comparison['a']) => html`<a href="/runs/${side.id}">${sideName(side)}</a>`;
  return html`<h1>Compare: ${comparison.a.model} vs ${comparison.b.model}</h1>
<p class="lead">a = ${link(comparison.a)}, b = ${link(comparison.b)}; ${comparison.a.taskset}. ${comparison.note}
(${comparison.problems.common} in common, ${comparison.problems.only_a} only in a, ${comparison.problems.only_b} only in b.)</p>
${modeLine(comparison)}
${warningsNotice(comparison)}
${(['a', 'b'] as const).map((side) => degenerateNotice(`Run ${side}`, view.curves.find((curve) => curve.run_id === comparison[side].id)?.report.degenerate))}
${crossoverSummary(comparison)}
${curvesFigure(comparison, view.curves)}
<h2>Points</h2>
${pointsTable(view, comparison)}
${coverageSection(comparison)}
${sampleSizeSection(comparison, view.planWidth)}
${pickForm(view)}`;
}

/** The points table as CSV: the same rows as /v1/compare's `points`. */
export function comparePointsCsv(comparison: Comparison): string {
  return csvTable(['k', 'a', 'b', 'diff', 'low', 'high'] as const, comparison.points);
}
