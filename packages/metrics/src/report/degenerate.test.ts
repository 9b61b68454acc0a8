import { describe, expect, it } from 'vitest';
import { aggregateSamples } from '../aggregate/aggregate.js';
import type { ScoredSample } from '../aggregate/types.js';
import { degenerateSampling } from './degenerate.js';
import { buildReport } from './report.js';

const sample = (problem_id: string, extracted: string | null, correct = false): ScoredSample => ({
  problem_id,
  extracted,
  correct,
  chars: 10,
});

describe('degenerateSampling', () => {
  it('counts the problems of two or more samples whose every sample gave one answer', () => {
    const aggregates = aggregateSamples([
      // p1: one answer four times (degenerate, correct or not)
      ...[0, 1, 2, 3].map(() => sample('p1', '7', true)),
      // p2: two answers
      sample('p2', '1'),
      sample('p2', '2'),
      // p3: one answer, but one sample gave none: not the same every time
      sample('p3', '5'),
      sample('p3', null),
      // p4: a single sample cannot show it
      sample('p4', '9'),
    ]);
    expect(degenerateSampling(aggregates)).toEqual({ problems: 3, one_answer: 1, share: 1 / 3 });
    expect(degenerateSampling(aggregateSamples([sample('p', 'x')]))).toEqual({
      problems: 0,
      one_answer: 0,
      share: 0,
    });
  });

  it('is part of every report', () => {
    const samples = [...[0, 1].map(() => sample('a', '3')), sample('b', '1'), sample('b', '2')];
    const report = buildReport({ samples, task: 'gsm8k', mode: 'auto', taskset: null });
    expect(report.degenerate).toEqual({ problems: 2, one_answer: 1, share: 0.5 });
  });
});
