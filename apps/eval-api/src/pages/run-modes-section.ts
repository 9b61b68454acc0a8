import { html } from 'hono/html';
import type { RunView } from '../schemas/run.js';
import type { RunModeScores } from '../services/run-modes.js';
import { type ModeDisagreement, summaryKs } from '../services/scoring-packages.js';
import { percent } from './format.js';
import type { Html } from './layout.js';

/** Pairs of modes shown with their examples; the JSON at /v1/runs/{id}/modes has every pair. */
const PAIRS_SHOWN = 6;

function modesTable(run: RunView, modes: readonly RunModeScores[]): Html {
  const ks = summaryKs(modes[0]?.k ?? [1]);
  const first = String(ks[0]);
  return html`<table class="modes sortable">
<thead><tr><th>mode</th><th class="num" data-type="number">verifier</th>${ks.map((k) => html`<th class="num" data-type="number">pass@${k}</th>`)}<th class="num">pass@${first} 95%</th><th class="num" data-type="number">coverage</th></tr></thead>
<tbody>
${modes.map((scores) => {
  const ci = scores.pass_at_k_ci[first];
  return html`<tr${scores.mode === run.mode ? html` class="ranking-mode"` : ''}><td>${scores.mode}${scores.mode === run.mode ? html` <span class="muted">(ranked by)</span>` : ''}</td><td class="num">v${scores.verifier_version}</td>${ks.map((k) => html`<td class="num" data-value="${scores.pass_at_k[String(k)]}">${percent(scores.pass_at_k[String(k)])}</td>`)}<td class="num">${ci ? `[${percent(ci.low)}, ${percent(ci.high)}]` : '—'}</td><td class="num" data-value="${scores.coverage}">${percent(scores.coverage)}</td></tr>`;
})}
</tbody>
</table>`;
}

function disagreementItem(pair: ModeDisagreement): Html {
  const [a, b] = pair.modes;
  const example = pair.examples[0];
  const said = (mode: string, judgement: NonNullable<typeof example>['judgements'][number]) =>
    html`<strong>${mode}</strong> ${judgement.correct ? 'correct' : judgement.reason.replaceAll('_', ' ')}${judgement.extracted === null ? '' : html` (${judgement.extracted})`}`;
  return html`<li class="disagreement"><p><strong>${a}</strong> vs <strong>${b}</strong>: ${pair.samples} samples judged differently (${pair.only_first} correct only under ${a}, ${pair.only_second} only under ${b})</p>
${example ? html`<p class="muted">e.g. ${example.problem_id}: ${said(a, example.judgements[0])}; ${said(b, example.judgements[1])}</p><pre class="completion">${example.completion}</pre>` : ''}</li>`;
}

/**
 * The run's pass@k under every mode of its task, and the pairs of modes that judged its samples differently
 * (the largest first) with an example each: how much of the score is the verifier's.
 */
export function modesSection(
  run: RunView,
  modes: readonly RunModeScores[],
  disagreements: readonly ModeDisagreement[],
): Html {
  if (modes.length === 0)
    return html`<h2 id="modes">By verifier mode</h2>
<p class="muted">This run was scored before every mode was stored: only its ranking mode (${run.mode}) is known. An admin can re-score it (POST /v1/runs/${run.id}/rescore).</p>`;
  const shown = disagreements.slice(0, PAIRS_SHOWN);
  return html`<h2 id="modes">By verifier mode</h2>
<p>Every mode of ${run.task} judged every sample; the run is ranked by ${run.mode}. <a href="/v1/runs/${run.id}/modes">JSON</a></p>
${modesTable(run, modes)}
<h3>Where the modes disagree</h3>
${
  shown.length === 0
    ? html`<p>Every mode gave every sample the same verdict.</p>`
    : html`<p>${disagreements.length} pairs of modes judged some samples differently${disagreements.length > shown.length ? html`; the ${shown.length} largest` : ''}:</p>
<ul class="disagreements">${shown.map(disagreementItem)}</ul>`
}`;
}
