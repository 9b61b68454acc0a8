// Degenerate sampling: a problem whose every sample gives the same extracted answer was in effect sampled
// once (greedy decoding, a temperature near 0, a collapsed policy). Where that is common, pass@k at large k
// says little more than pass@1: there is nothing for extra samples to find.
import type { ProblemAggregate } from '../aggregate/types.js';

export interface DegenerateSampling {
  /** problems with at least two samples: the only ones that can show it */
  problems: number;
  /** of those, the ones whose every sample gave one and the same extracted answer */
  one_answer: number;
  /** one_answer / problems (0 when no problem has two samples) */
  share: number;
}

/** From this share of problems on, the pages warn that large-k pass@k means little. */
export const DEGENERATE_WARN_SHARE = 0.25;

export function degenerateSampling(aggregates: ReadonlyArray<ProblemAggregate>): DegenerateSampling {
  let problems = 0;
  let oneAnswer = 0;
  for (const aggregate of aggregates) {
    if (aggregate.n < 2) continue;
    problems++;
    if (aggregate.no_answer === 0 && Object.keys(aggregate.answers).length === 1) oneAnswer++;
  }
  return { problems, one_answer: oneAnswer, share: problems === 0 ? 0 : oneAnswer / problems };
}
