import { html } from 'hono/html';
import type { BoardChoices, SettingsFilter } from '../services/board-filters.js';
import type { RunCurve } from '../services/board-page.js';
import type { LeaderboardEntry, LeaderboardSort } from '../services/leaderboard.js';
import { RUN_METHODS } from '../services/runs.js';
import { decimal, percent, query, samplesRange, timestamp } from './format.js';
import { dataLinks, type Html } from './layout.js';
import { curveOf, figure, passAtKChart } from './plots.js';

export interface BoardView {
  tasks: readonly string[];
  task: string;
  taskset: string;
  k: number;
  /** ks the filter offers: powers of two up to the most samples any run has. */
  kChoices: readonly number[];
  sort: LeaderboardSort;
  method?: string | undefined;
  baseModel?: string | undefined;
  settings: SettingsFilter;
  /** what the taskset's scored runs have, for the filters */
  choices: BoardChoices;
  entries: readonly LeaderboardEntry[];
  curves: readonly RunCurve[];
}

/** The board's current filters as query parameters (for links that change one of them). */
function boardParams(view: BoardView) {
  return {
    task: view.task,
    taskset: view.taskset,
    k: view.k,
    sort: view.sort,
    method: view.method,
    base_model: view.baseModel,
    ...view.settings,
  };
}

function taskTabs(view: BoardView): Html {
  return html`<p class="tabs">${view.tasks.map(
    (task) =>
      html`<a href="/${query({ task })}"${task === view.task ? html` aria-current="page"` : ''}>${task}</a>`,
  )}</p>`;
}

function option(value: string, label: string, selected: boolean): Html {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}

/** A select of the values the board's runs have (a value asked for that none has stays selectable). */
function settingSelect<T extends string | number>(
  name: string,
  label: string,
  values: readonly T[],
  selected: T | undefined,
): Html {
  const shown = selected === undefined || values.includes(selected) ? values : [...values, selected];
  return html`<label>${label}<select name="${name}">${option('', 'all', selected === undefined)}${shown.map((value) => option(String(value), String(value), value === selected))}</select></label>`;
}

function filterForm(view: BoardView): Html {
  return html`<form class="filters" method="get" action="/">
<input type="hidden" name="task" value="${view.task}">
<input type="hidden" name="taskset" value="${view.taskset}">
<label>k<select name="k">${view.kChoices.map((k) => option(String(k), String(k), k === view.k))}</select></label>
<label>sort by<select name="sort">${option('pass@k', 'pass@k', view.sort === 'pass@k')}${option('pass@1', 'pass@1', view.sort === 'pass@1')}${option('created', 'newest', view.sort === 'created')}${option('length_correct', 'shortest correct', view.sort === 'length_correct')}${option('length_incorrect', 'shortest incorrect', view.sort === 'length_incorrect')}</select></label>
<label>method<select name="method">${option('', 'all', view.method === undefined)}${RUN_METHODS.map((method) => option(method, method, method === view.method))}</select></label>
<label>base model<select name="base_model">${option('', 'all', view.baseModel === undefined)}${view.choices.baseModels.map((base) => option(base, base, base === view.baseModel))}</select></label>
${settingSelect('mode', 'verifier mode', view.choices.mode, view.settings.mode)}
${settingSelect('temperature', 'temperature', view.choices.temperature, view.settings.temperature)}
${settingSelect('top_p', 'top_p', view.choices.top_p, view.settings.top_p)}
${settingSelect('max_tokens', 'max_tokens', view.choices.max_tokens, view.settings.max_tokens)}
${settingSelect('n', 'samples', view.choices.n, view.settings.n)}
${settingSelect('prompt_template', 'prompt template', view.choices.prompt_template, view.settings.prompt_template)}
<button type="submit">Apply</button>
</form>`;
}

/** A column header that re-ranks the board on the server (works without JavaScript). */
function sortHeader(view: BoardView, sort: LeaderboardSort, label: string): Html {
  const current = view.sort === sort;
  return html`<th class="num" data-type="number"${current ? html` aria-sort="descending"` : ''}><a class="sort-link" data-sort="${sort}" href="/${query({ ...boardParams(view), sort })}">${label}</a></th>`;
}

function boardRow(entry: LeaderboardEntry): Html {
  const interval =
    entry.ci_low === null || entry.ci_high === null
      ? ''
      : html`<span class="muted"> [${percent(entry.ci_low)}, ${percent(entry.ci_high)}]</span>`;
  const samples = samplesRange(entry.samples_per_problem_min, entry.samples_per_problem_max);
  return html`<tr data-run="${entry.run_id}">
<td><input type="radio" name="a" value="${entry.run_id}" aria-label="compare as a"> <input type="radio" name="b" value="${entry.run_id}" aria-label="compare as b"></td>
<td class="num" data-value="${entry.rank}">${entry.rank}</td>
<td><a href="/runs/${entry.run_id}">${entry.model}</a></td>
<td>${entry.base_model ?? '—'}</td>
<td>${entry.method}</td>
<td class="num">${entry.step ?? '—'}</td>
<td class="num" data-value="${entry.pass_at_1 ?? ''}">${percent(entry.pass_at_1)}</td>
<td class="num" data-value="${entry.pass_at_k ?? ''}">${percent(entry.pass_at_k)}${interval}</td>
<td class="num" data-value="${entry.mean_length_correct ?? ''}">${decimal(entry.mean_length_correct)}</td>
<td class="num" data-value="${entry.mean_length_incorrect ?? ''}">${decimal(entry.mean_length_incorrect)}</td>
<td class="num">${samples}</td>
<td>${entry.mode}</td>
<td class="num" title="temperature, top_p, max_tokens">${entry.temperature} / ${entry.top_p} / ${entry.max_tokens}</td>
<td>${entry.prompt_template ?? '—'}</td>
<td data-value="${entry.created_at}" title="${timestamp(entry.created_at)}">${entry.created_at.slice(0, 10)}</td>
</tr>`;
}

function boardTable(view: BoardView): Html {
  if (view.entries.length === 0) return html`<p class="empty">No scored runs match these filters yet.</p>`;
  const api = `/v1/leaderboard${query({ ...boardParams(view), sort: view.sort })}`;
  const csv = `/v1/leaderboard${query({ ...boardParams(view), format: 'csv' })}`;
  const unit = view.entries.find((entry) => entry.length_unit !== null)?.length_unit ?? 'tokens';
  return html`<form method="get" action="/compare">
<div class="table-scroll"><table class="board sortable">
<thead><tr><th>a / b</th><th class="num" data-type="number">rank</th><th data-type="text">model</th><th data-type="text">base model</th><th data-type="text">method</th><th class="num" data-type="number">step</th>${sortHeader(view, 'pass@1', 'pass@1')}${sortHeader(view, 'pass@k', `pass@${view.k} [95% CI]`)}<th class="num" data-type="number" title="mean length of correct answers (${unit})">len. correct</th><th class="num" data-type="number" title="mean length of incorrect answers (${unit})">len. incorrect</th><th class="num">samples</th><th data-type="text">mode</th><th class="num" title="temperature / top_p / max_tokens">sampling T / p / max</th><th data-type="text">template</th><th data-type="text">created</th></tr></thead>
<tbody>
${view.entries.map(boardRow)}
</tbody>
</table></div>
<p class="muted">Lengths: mean answer length in ${unit}.</p>
<p><button type="submit">Compare the runs marked a and b</button></p>
</form>
${dataLinks(api, csv)}`;
}

function curvesFigure(view: BoardView): Html {
  if (view.curves.length === 0) return html``;
  const series = view.curves.map((curve) => curveOf(`${curve.model} (${curve.method})`, curve.report));
  const svg = passAtKChart({
    id: `board-${view.task}`,
    title: `pass@k of the top ${series.length} runs`,
    series,
  });
  return figure(
    svg,
    'pass@k against k (log2 axis) with 95% intervals. Curves that cross mean the ranking depends on k: a base model can overtake its RL-trained child at large k.',
  );
}

/** `/`: the leaderboard of one taskset, led by the curves of its top runs. */
export function leaderboardPage(view: BoardView): Html {
  return html`<h1>Leaderboard: ${view.taskset}</h1>
<p class="lead">Scored runs ranked by pass@${view.k}. pass@1 alone hides what training does at large k: compare the curves, and the lengths of correct and incorrect answers.</p>
${taskTabs(view)}
${filterForm(view)}
${curvesFigure(view)}
<h2>Runs</h2>
${boardTable(view)}`;
}
