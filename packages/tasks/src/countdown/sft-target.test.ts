import { modesFor, verify } from '@crossover/verifiers';
import { describe, expect, it } from 'vitest';
import { canonicalCountdownExpression } from './expression.js';
import { generateCountdownProblems } from './generator.js';
import { countdownSftTarget, countdownSteps } from './sft-target.js';
import { solveCountdown } from './solver.js';

describe('countdownSftTarget', () => {
  it('writes the derivation in <think> and the equation on the last line', () => {
    const problem = { reference: { target: 24, numbers: [3, 3, 8, 8] } };
    expect(countdownSftTarget(problem, '8 / (3 - 8 / 3)')).toBe(
      ' We need 24 from [3, 3, 8, 8], using each number once. 8 / 3 = 8/3. 3 - (8/3) = 1/3. 8 / (1/3) = 24. </think>\n' +
        '<answer>8 / (3 - 8 / 3)</answer>',
    );
  });

  it('folds sums and products left to right, bracketing negative intermediates', () => {
    expect(countdownSteps('75 * 4 - 100 / 5')).toEqual(['75 * 4 = 300', '100 / 5 = 20', '300 - 20 = 280']);
    expect(countdownSteps('(1 - 6 - 5) * (2 - 4 * 3)')).toEqual([
      '1 - 6 = -5',
      '(-5) - 5 = -10',
      '4 * 3 = 12',
      '2 - 12 = -10',
      '(-10) * (-10) = 100',
    ]);
  });

  it('can write the terms in the order the problem lists the numbers', () => {
    const problem = { reference: { target: 51, numbers: [14, 43, 6] } };
    expect(countdownSftTarget(problem, '43 + 14 - 6')).toContain('<answer>43 + 14 - 6</answer>');
    expect(countdownSftTarget(problem, '43 + 14 - 6', { termOrder: 'prompt' })).toBe(
      ' We need 51 from [14, 43, 6], using each number once. 14 + 43 = 57. 57 - 6 = 51. </think>\n' +
        '<answer>14 + 43 - 6</answer>',
    );
    // nested terms move by their earliest listed number; products keep sums bracketed
    const nested = { reference: { target: 84, numbers: [59, 2, 49, 64] } };
    expect(countdownSftTarget(nested, '64 + (59 - 49) * 2', { termOrder: 'prompt' })).toContain(
      '<answer>(59 - 49) * 2 + 64</answer>',
    );
    const quotient = { reference: { target: 3, numbers: [2, 9, 6] } };
    expect(countdownSftTarget(quotient, '9 * 2 / 6', { termOrder: 'prompt' })).toContain(
      '<answer>2 * 9 / 6</answer>',
    );
  });

  it('keeps a solution the same under either order (same canonical form, same value)', () => {
    for (const problem of generateCountdownProblems({ seed: 9, count: 60 })) {
      const { numbers, target } = problem.reference;
      for (const solution of solveCountdown(numbers, target, { limit: 3 })) {
        const answer = countdownSftTarget(problem, solution, { termOrder: 'prompt' }).match(
          /<answer>(.*)<\/answer>/,
        )?.[1] as string;
        expect(canonicalCountdownExpression(answer)).toBe(canonicalCountdownExpression(solution));
      }
    }
  });

  it('refuses a solution that is wrong for the problem', () => {
    const problem = { reference: { target: 10, numbers: [1, 2, 3, 4] } };
    expect(() => countdownSftTarget(problem, '1 + 2 + 3')).toThrow(
      'does not use exactly the numbers [1, 2, 3, 4]',
    );
    expect(() => countdownSftTarget(problem, '1 + 2 + 3 * 4')).toThrow('equals 15, not 10');
  });

  it('is accepted by every Countdown verifier mode, after the base and the chat prompt', () => {
    const rejected: string[] = [];
    for (const template of ['base', 'chat'] as const) {
      for (const problem of generateCountdownProblems({ seed: 2, count: 40, template })) {
        const { numbers, target } = problem.reference;
        for (const solution of solveCountdown(numbers, target, { limit: 5 })) {
          for (const termOrder of ['canonical', 'prompt'] as const) {
            const completion = countdownSftTarget(problem, solution, { termOrder });
            for (const mode of modesFor('countdown')) {
              const verdict = verify('countdown', completion, problem.reference, {
                mode,
                prompt: problem.prompt,
              });
              if (verdict.score !== 1)
                rejected.push(`${template} ${termOrder} ${mode} ${problem.id}: ${solution}`);
            }
          }
        }
      }
    }
    expect(rejected).toEqual([]);
  });
});
