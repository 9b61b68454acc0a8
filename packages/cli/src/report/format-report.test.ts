import { buildReport, type ScoredSample } from '@crossover/metrics';
import { describe, expect, it } from 'vitest';
import { formatReport } from './format-report.js';

const sample = (problem_id: string, extracted: string, correct: boolean): ScoredSample => ({
  problem_id,
  extracted,
  correct,
  chars: 12,
});
const reportOf = (samples: ScoredSample[]) =>
  buildReport({ samples, task: 'gsm8k', mode: 'auto', taskset: null });

describe('formatReport', () => {
  it('says how many problems got one answer from every sample, and warns when that is common', () => {
    const degenerate = formatReport(
      reportOf([
        ...[0, 1, 2, 3].map(() => sample('p1', '4', true)),
        ...[0, 1, 2, 3].map((j) => sample('p2', String(j), j === 0)),
      ]),
    );
    expect(degenerate).toContain(
      'degenerate sampling: 1 of 2 problems (50.00%) got one answer from every sample; pass@k at large k means little here',
    );
    const varied = formatReport(reportOf([0, 1, 2, 3].map((j) => sample('p', String(j), j === 0))));
    expect(varied).not.toContain('degenerate sampling');
  });
});
