import { html } from 'hono/html';
import { DEGENERATE_WARN_SHARE, type DegenerateSampling } from '../services/scoring-packages.js';
import { percent } from './format.js';
import type { Html } from './layout.js';

/** A warning when many problems got one answer from every sample (pass@k at large k then means little). */
export function degenerateNotice(who: string, degenerate: DegenerateSampling | undefined): Html {
  if (!degenerate || degenerate.share < DEGENERATE_WARN_SHARE) return html``;
  return html`<div class="degenerate-warning" role="note"><strong>Degenerate sampling:</strong> ${who} gave one
answer in every sample on ${degenerate.one_answer} of ${degenerate.problems} problems (${percent(degenerate.share)}).
Extra samples find nothing new there, so pass@k at large k says little more than pass@1.</div>`;
}
