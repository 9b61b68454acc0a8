import { modesFor, verify } from '@crossover/verifiers';
import { describe, expect, it } from 'vitest';
import { parseCanonicalExpression } from './expression.js';
import { generateCountdownProblems } from './generator.js';
import { countdownListedSftTarget, solveCountdownInOrder } from './listed-order.js';

const numbersIn = (text: string) => (text.match(/\d+/g) ?? []).map(Number);

describe('solveCountdownInOrder', () => {
  it('keeps the listed order and chooses only operators and brackets, simplest first', () => {
    const [first] = solveCountdownInOrder([40, 97, 80], 23);
    expect(first?.text).toBe('40 - 97 + 80');
    expect(first?.steps).toEqual(['40 - 97 = -57', '(-57) + 80 = 23']);
    expect(solveCountdownInOrder([2, 3, 4], 20)[0]?.text).toBe('(2 + 3) * 4');
    expect(solveCountdownInOrder([8, 2, 3], 2)[0]?.text).toBe('8 - 2 * 3');
    // right-nested trees keep their brackets, so the text parses back to the same tree
    const nested = solveCountdownInOrder([2, 3, 4], 14).map((e) => e.text);
    expect(nested).toContain('2 + 3 * 4');
    expect(nested).toContain('2 * (3 + 4)');
  });

  it('returns nothing when no expression in the listed order reaches the target', () => {
    // 4 - 97 + 80 would need the list reordered
    expect(solveCountdownInOrder([97, 80, 40], 23)).toEqual([]);
    expect(() => solveCountdownInOrder([], 1)).toThrow(RangeError);
  });

  it('finds only real solutions: listed numbers, in order, worth the target under every verifier mode', () => {
    let solved = 0;
    for (const problem of generateCountdownProblems({ seed: 11, count: 80 })) {
      const { numbers, target } = problem.reference;
      const solutions = solveCountdownInOrder(numbers, target);
      if (solutions.length > 0) solved++;
      for (const solution of solutions.slice(0, 3)) {
        expect(numbersIn(solution.text)).toEqual(numbers);
        const value = parseCanonicalExpression(solution.text).value;
        expect(value).toEqual({ num: target, den: 1 });
        for (const style of ['full', 'terse'] as const) {
          const completion = countdownListedSftTarget(problem, solution, style);
          for (const mode of modesFor('countdown')) {
            expect(
              verify('countdown', completion, problem.reference, { mode, prompt: problem.prompt }).score,
            ).toBe(1);
          }
        }
      }
    }
    expect(solved).toBeGreaterThan(20);
    expect(solved).toBeLessThan(80);
  });

  it('writes the steps in the order the expression is evaluated', () => {
    const problem = { reference: { target: 20, numbers: [2, 3, 4] } };
    const [solution] = solveCountdownInOrder([2, 3, 4], 20);
    expect(countdownListedSftTarget(problem, solution!)).toBe(
      ' We need 20 from [2, 3, 4], using each number once. 2 + 3 = 5. 5 * 4 = 20. </think>\n<answer>(2 + 3) * 4</answer>',
    );
    expect(countdownListedSftTarget(problem, solution!, 'terse')).toBe(
      ' 2 + 3 = 5. 5 * 4 = 20. </think>\n<answer>(2 + 3) * 4</answer>',
    );
    expect(() =>
      countdownListedSftTarget({ reference: { target: 21, numbers: [2, 3, 4] } }, solution!),
    ).toThrow('equals 20, not 21');
  });
});
