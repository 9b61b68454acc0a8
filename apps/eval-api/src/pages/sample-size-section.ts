import { html } from 'hono/html';
import type { Comparison } from './compare-page.js';
import type { Html } from './layout.js';

type PlannedInterval = Comparison['sample_size_plan']['current'];

/** Candidates shown besides today's n and the limit: the doublings up to the recommended count, then two more. */
const CANDIDATES_SHOWN = 4;

function intervalText(interval: PlannedInterval): string {
  if (interval.low === null) return 'no crossover in sight';
  if (interval.high === null) return `[${interval.low}, open)`;
  return `[${interval.low}, ${interval.high}]`;
}

function doublingsText(interval: PlannedInterval): string {
  return interval.doublings === null ? '—' : interval.doublings.toFixed(1);
}

function row(label: string, interval: PlannedInterval, chosen: boolean): Html {
  return html`<tr${chosen ? html` class="planned"` : ''}><td>${label}</td><td class="num">${intervalText(interval)}</td><td class="num">${doublingsText(interval)}</td></tr>`;
}

/** `sample_size_plan`: how many samples per problem would pin the crossover k down, and what the problems allow. */
export function sampleSizeSection(comparison: Comparison, planWidth: number): Html {
  const plan = comparison.sample_size_plan;
  if (plan.behind === null) return html``;
  const shown = plan.candidates.slice(0, CANDIDATES_SHOWN);
  const chosen = (interval: PlannedInterval) =>
    interval.samples !== null && interval.samples === plan.samples_per_problem;
  return html`<h2 id="sample-size">How many samples per problem?</h2>
<p class="sample-size-note">Aiming at a 95% crossover-k interval within ${planWidth} doubling(s) of k: ${plan.note}.</p>
<table class="sample-size">
<thead><tr><th>samples per problem</th><th class="num">expected crossover-k interval</th><th class="num">doublings of k</th></tr></thead>
<tbody>
${row(`${plan.current.samples} (today)`, plan.current, chosen(plan.current))}
${shown.map((interval) => row(String(interval.samples), interval, chosen(interval)))}
${row('unlimited', plan.limit, false)}
</tbody>
</table>
<p class="muted">From the observed per-problem counts: the gap's variance over problems, plus each estimate's sampling noise, which shrinks with more samples (the problems' own spread does not). Within today's k grid only.</p>`;
}
