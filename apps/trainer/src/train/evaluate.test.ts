import type { TaskProblem } from '@crossover/tasks';
import { describe, expect, it } from 'vitest';
import { passAtK, summarize } from './evaluate.js';

const problems: TaskProblem[] = [
  { id: 'a', task: 'countdown', prompt: '', reference: { target: 24, numbers: [3, 8] } },
  { id: 'b', task: 'countdown', prompt: '', reference: { target: 5, numbers: [2, 3] } },
];
const record = (
  problem_id: string,
  completion: string,
  num_tokens: number,
  sample_index: number,
  truncated = false,
) => ({
  problem_id,
  completion,
  num_tokens,
  sample_index,
  truncated,
});

describe('summarize', () => {
  it('counts correct and incorrect answers, their mean lengths, pass@1 and pass@n', () => {
    const summary = summarize(problems, [
      record('a', '</think>\n<answer>3 * 8</answer>', 10, 0),
      record('a', '</think>\n<answer>3 + 8</answer>', 20, 1),
      record('b', '</think>\n<answer>2 * 3</answer>', 30, 0),
      record('b', 'no answer', 40, 1, true),
    ]);
    expect(summary).toEqual({
      problems: 2,
      samples_per_problem: 2,
      correct: 1,
      incorrect: 3,
      pass_at_1: 0.25,
      pass_at_n: 0.5,
      reward: 0.25,
      mean_tokens_correct: 10,
      mean_tokens_incorrect: 30,
      truncated: 1,
    });
  });
});

describe('passAtK', () => {
  it('is the unbiased estimator 1 - C(n-c, k) / C(n, k)', () => {
    expect(passAtK(10, 0, 5)).toBe(0);
    expect(passAtK(10, 6, 5)).toBe(1);
    expect(passAtK(4, 1, 2)).toBeCloseTo(1 - 3 / 6, 12);
    expect(passAtK(8, 2, 1)).toBeCloseTo(0.25, 12);
  });
});
