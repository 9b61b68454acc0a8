import { html } from 'hono/html';
import { csvField } from '../services/leaderboard.js';
import type { ProblemRow } from '../services/runs.js';
import { decimal, percent, query } from './format.js';
import { dataLinks, type Html } from './layout.js';

export interface ProblemsView {
  runId: string;
  /** the report's k grid: one pass@k column each */
  ks: readonly number[];
  rows: readonly ProblemRow[];
  limit: number;
  cursor: string | null;
  nextCursor: string | null;
}

function passAt(row: ProblemRow, k: number): number | null {
  const value = (row.pass_at_k as Record<string, number> | undefined)?.[String(k)];
  return typeof value === 'number' ? value : null;
}

function numberField(row: ProblemRow, field: string): number | null {
  const value = row[field];
  return typeof value === 'number' ? value : null;
}

/** The columns shown: pass@1 and pass@k at the largest k of the grid (the CSV has every k). */
function shownKs(ks: readonly number[]): number[] {
  const largest = Math.max(...ks);
  return largest > 1 ? [1, largest] : [1];
}

function problemRow(view: ProblemsView, row: ProblemRow, previous: string | null): Html {
  // keyset pagination: the rows after the previous problem, one of them, are exactly this problem
  const self = `/v1/runs/${view.runId}/problems${query({ cursor: previous, limit: 1 })}`;
  const majority = typeof row.maj_answer === 'string' ? row.maj_answer : '—';
  return html`<tr>
<td><a href="${self}">${row.problem_id}</a></td>
<td class="num">${row.n}</td>
<td class="num">${row.c}</td>
${shownKs(view.ks).map((k) => {
  const value = passAt(row, k);
  return html`<td class="num" data-value="${value ?? ''}">${percent(value)}</td>`;
})}
<td>${majority}</td>
<td class="num" data-value="${numberField(row, 'mean_length_correct') ?? ''}">${decimal(numberField(row, 'mean_length_correct'))}</td>
<td class="num" data-value="${numberField(row, 'mean_length_incorrect') ?? ''}">${decimal(numberField(row, 'mean_length_incorrect'))}</td>
</tr>`;
}

/** The page of per-problem rows, with links to the same rows as JSON and CSV and to the next page. */
export function problemsTable(view: ProblemsView): Html {
  if (view.rows.length === 0) return html`<p class="empty">No per-problem rows.</p>`;
  const page = { limit: view.limit, cursor: view.cursor };
  const json = `/v1/runs/${view.runId}/problems${query(page)}`;
  const csv = `/runs/${view.runId}/problems.csv${query(page)}`;
  const next =
    view.nextCursor === null
      ? ''
      : html`<p><a class="next-page" href="/runs/${view.runId}${query({ limit: view.limit, cursor: view.nextCursor })}#problems">Next ${view.limit} problems →</a></p>`;
  return html`<table class="problems sortable">
<thead><tr><th data-type="text">problem</th><th class="num" data-type="number">n</th><th class="num" data-type="number">correct</th>${shownKs(view.ks).map((k) => html`<th class="num" data-type="number">pass@${k}</th>`)}<th data-type="text">majority answer</th><th class="num" data-type="number">length correct</th><th class="num" data-type="number">length incorrect</th></tr></thead>
<tbody>
${view.rows.map((row, index) => problemRow(view, row, index === 0 ? view.cursor : (view.rows[index - 1]?.problem_id ?? null)))}
</tbody>
</table>
${next}
${dataLinks(json, csv)}`;
}

/** The same rows as CSV: every k of the grid gets its pass_at_<k> column. */
export function problemsCsv(ks: readonly number[], rows: readonly ProblemRow[]): string {
  const sorted = [...ks].sort((a, b) => a - b);
  const header = ['problem_id', 'n', 'c', ...sorted.map((k) => `pass_at_${k}`), 'maj_answer'];
  header.push('mean_length_correct', 'mean_length_incorrect');
  const lines = [header.join(',')];
  for (const row of rows) {
    const fields: unknown[] = [row.problem_id, row.n, row.c, ...sorted.map((k) => passAt(row, k))];
    fields.push(row.maj_answer ?? null, row.mean_length_correct ?? null, row.mean_length_incorrect ?? null);
    lines.push(fields.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
