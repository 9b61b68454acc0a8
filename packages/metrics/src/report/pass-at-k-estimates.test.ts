import { describe, expect, it } from 'vitest';
import type { ScoredSample } from '../aggregate/types.js';
import { MetricsError } from '../errors.js';
import { passAtKEstimates } from './pass-at-k-estimates.js';
import { buildReport } from './report.js';

/** Problem i has 8 samples of which i % 9 are correct. */
function samples(problems: number): ScoredSample[] {
  const out: ScoredSample[] = [];
  for (let p = 0; p < problems; p++) {
    for (let s = 0; s < 8; s++)
      out.push({ problem_id: `p${p}`, correct: s < p % 9, extracted: String(s), chars: 10 + s });
  }
  return out;
}

describe('passAtKEstimates', () => {
  it("gives the Report's pass@k, intervals and coverage from the (n, c) counts alone", () => {
    const scored = samples(40);
    const report = buildReport({ task: 'gsm8k', mode: 'auto', taskset: null, samples: scored });
    const counts = Array.from({ length: 40 }, (_, p) => ({ problem_id: `p${p}`, n: 8, c: p % 9 }));
    const estimates = passAtKEstimates(counts, report.k);
    expect(estimates).toEqual({
      k: report.k,
      pass_at_k: report.pass_at_k,
      pass_at_k_ci: report.pass_at_k_ci,
      coverage: report.coverage,
    });
    expect(estimates.pass_at_k['1']).toBeCloseTo(counts.reduce((s, p) => s + p.c / 8, 0) / 40, 12);
  });

  it('refuses a k above the smallest n', () => {
    expect(() => passAtKEstimates([{ n: 4, c: 1 }], [8])).toThrow(MetricsError);
  });
});
