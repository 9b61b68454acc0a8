import { MetricsError, passAtK } from '@crossover/metrics';
import { verify } from '@crossover/verifiers';
import { describe, expect, it } from 'vitest';
import { countdownPrompt } from '../countdown/prompt.js';
import { solveCountdown } from '../countdown/solver.js';
import type { TaskProblem } from '../problem.js';
import { loadShippedTaskset } from '../taskset/shipped.js';
import { checkGenerationRecord, type GenerationRecord, ScoringError } from './records.js';
import { scoreGenerations } from './score.js';

const shipped = loadShippedTaskset('countdown/test');
const problems = new Map<string, TaskProblem>(shipped.problems.map((p) => [p.id, p]));
const [first, second, third] = shipped.problems as [TaskProblem, TaskProblem, TaskProblem];

function solutionOf(problem: TaskProblem): string {
  const reference = problem.reference as { target: number; numbers: number[] };
  const [solution] = solveCountdown(reference.numbers, reference.target, { limit: 1 });
  return `</think>\n<answer>${solution}</answer>`;
}

describe('scoreGenerations', () => {
  it('verifies every record against its taskset problem and reports pass@k over problems', () => {
    // first: 3 of 4 correct; second: 0 of 4; third: 4 of 4.
    const records: GenerationRecord[] = [
      ...[true, true, false, true].map((ok) => ({
        problem_id: first.id,
        completion: ok ? solutionOf(first) : 'no idea',
      })),
      ...[0, 1, 2, 3].map(() => ({ problem_id: second.id, completion: '<answer>1 + 1</answer>' })),
      ...[0, 1, 2, 3].map(() => ({ problem_id: third.id, completion: solutionOf(third), num_tokens: 12 })),
    ];
    const { verdicts, samples, report } = scoreGenerations({
      task: 'countdown',
      taskset: shipped.taskset,
      problems,
      records,
      k: [1, 2, 4],
    });
    expect(verdicts.map((v) => v.correct)).toEqual([
      true,
      true,
      false,
      true,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
    records.forEach((record, i) => {
      const expected = verify('countdown', record.completion, problems.get(record.problem_id!)!.reference);
      expect(verdicts[i]).toEqual({ problem_id: record.problem_id, ...expected });
    });
    expect(samples[8]).toMatchObject({
      problem_id: third.id,
      num_tokens: 12,
      chars: records[8]!.completion.length,
    });
    expect(report.n_problems).toBe(3);
    expect(report.taskset).toEqual(shipped.taskset);
    for (const k of [1, 2, 4]) {
      const expected = (passAtK(4, 3, k) + passAtK(4, 0, k) + passAtK(4, 4, k)) / 3;
      expect(report.pass_at_k[String(k)]).toBeCloseTo(expected, 12);
    }
    expect(report.pass_at_k['1']).toBeCloseTo(7 / 12, 12);
    expect(report.coverage).toBeCloseTo(2 / 3, 12);
  });

  it('groups records with the same inline reference, whatever the key order', () => {
    const records: GenerationRecord[] = [
      { completion: '#### 5', reference: { answer: '5' } },
      { completion: '#### 4', reference: { answer: '5' } },
      { completion: '#### 9', reference: { answer: '9' } },
    ];
    const { report } = scoreGenerations({ task: 'gsm8k', taskset: null, problems: null, records, k: [1] });
    expect(report.n_problems).toBe(2);
    expect(report.pass_at_k['1']).toBeCloseTo((0.5 + 1) / 2, 12);
  });

  it('counts run-on completions among the reasons and judges the answer before the run-on', () => {
    const ranOn = '9 * 2 = 18\n#### 18\n\nQuestion: and then?\nAnswer: #### 3';
    const records: GenerationRecord[] = [
      { completion: ranOn, reference: { answer: '18' } },
      { completion: '#### 18', reference: { answer: '18' } },
      { completion: '#### 4', reference: { answer: '18' } },
    ];
    const { verdicts, samples, report } = scoreGenerations({
      task: 'gsm8k',
      taskset: null,
      problems: null,
      records,
      k: [1],
    });
    expect(verdicts.map((v) => [v.correct, v.run_on])).toEqual([
      [true, true],
      [true, undefined],
      [false, undefined],
    ]);
    expect(samples.map((s) => s.run_on)).toEqual([true, undefined, undefined]);
    expect(report.reasons).toEqual({ correct: 2, wrong_answer: 1, run_on: 1 });
  });

  it('finds the problem of a record that only carries its prompt', () => {
    const prompt = countdownPrompt(first.reference as { target: number; numbers: number[] });
    const records: GenerationRecord[] = [{ prompt, completion: solutionOf(first) }];
    const { verdicts } = scoreGenerations({ task: 'countdown', taskset: shipped.taskset, problems, records });
    expect(verdicts[0]).toMatchObject({ problem_id: first.id, correct: true });
  });

  it('names the record that cannot be scored', () => {
    const records: GenerationRecord[] = [
      { problem_id: first.id, completion: 'x' },
      { problem_id: 'countdown/test/999999', completion: 'x' },
    ];
    const run = () => scoreGenerations({ task: 'countdown', taskset: shipped.taskset, problems, records });
    expect(run).toThrow(ScoringError);
    try {
      run();
    } catch (error) {
      expect((error as ScoringError).index).toBe(1);
      expect((error as Error).message).toBe('unknown problem_id "countdown/test/999999" for this taskset');
    }
    expect(() => scoreGenerations({ task: 'countdown', taskset: null, problems: null, records })).toThrow(
      'record names a problem_id but no taskset was given',
    );
    expect(() => scoreGenerations({ task: 'gsm8k', taskset: null, problems: null, records: [] })).toThrow(
      'no records',
    );
  });

  it('rejects a k larger than the samples per problem, and an unknown mode', () => {
    const records: GenerationRecord[] = [{ completion: '#### 5', reference: { answer: '5' } }];
    expect(() => scoreGenerations({ task: 'gsm8k', taskset: null, problems: null, records, k: [2] })).toThrow(
      MetricsError,
    );
    expect(() =>
      scoreGenerations({ task: 'gsm8k', mode: 'nope', taskset: null, problems: null, records }),
    ).toThrow(/unknown gsm8k mode/);
  });
});

describe('checkGenerationRecord', () => {
  it('accepts a record and names the first wrong field otherwise', () => {
    expect(checkGenerationRecord({ problem_id: 'a', completion: 'x', num_tokens: 3 })).toEqual({
      problem_id: 'a',
      completion: 'x',
      num_tokens: 3,
    });
    expect(checkGenerationRecord([])).toBe('a record must be a JSON object');
    expect(checkGenerationRecord({ completion: 1 })).toBe('field "completion" must be a string');
    expect(checkGenerationRecord({ completion: 'x', problem_id: 1 })).toBe(
      'field "problem_id" must be a string',
    );
    expect(checkGenerationRecord({ completion: 'x', reference: 'r' })).toBe(
      'field "reference" must be an object',
    );
    expect(checkGenerationRecord({ completion: 'x', problem_id: 'a', num_tokens: -1 })).toBe(
      'field "num_tokens" must be a non-negative integer',
    );
    expect(checkGenerationRecord({ completion: 'x', problem_id: 'a', truncated: 'no' })).toBe(
      'field "truncated" must be a boolean',
    );
    expect(checkGenerationRecord({ completion: 'x' })).toMatch(/needs a "problem_id"/);
  });
});
