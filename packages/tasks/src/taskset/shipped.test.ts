import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verify } from '@crossover/verifiers';
import { describe, expect, it } from 'vitest';
import { generateCountdownProblems } from '../countdown/generator.js';
import { countSolutions, solveCountdown } from '../countdown/solver.js';
import { parseGsm8kJsonl } from '../gsm8k/dataset.js';
import type { CountdownProblem, Gsm8kProblem } from '../problem.js';
import { packageDir, sharedDataNote, sharedPath } from '../test-support.js';
import { tasksetDigest } from './digest.js';
import { COUNTDOWN_EASY_SPEC, COUNTDOWN_TEST_SPEC } from './shipped/countdown-test-spec.js';
import {
  findShippedTaskset,
  loadShippedTaskset,
  SHIPPED_TASKSET_NAMES,
  type ShippedTasksetName,
  shippedTasksets,
  tasksetName,
} from './shipped.js';

describe('shipped tasksets', () => {
  it('are gsm8k/test, countdown/test and countdown/easy at version v1', () => {
    expect(shippedTasksets().map((t) => [tasksetName(t), t.version, t.size])).toEqual([
      ['gsm8k/test', 'v1', 1319],
      ['countdown/test', 'v1', 1024],
      ['countdown/easy', 'v1', 512],
    ]);
    expect(SHIPPED_TASKSET_NAMES).toEqual(['gsm8k/test', 'countdown/test', 'countdown/easy']);
  });

  it.each(SHIPPED_TASKSET_NAMES)(
    '%s: the shipped digest equals the one recomputed from the bundled problems',
    async (name) => {
      const { taskset, problems } = loadShippedTaskset(name);
      expect(problems).toHaveLength(taskset.size);
      expect(problems.map((p) => p.id)).toEqual(problems.map((_, i) => `${name}/${i}`));
      expect(await tasksetDigest(problems)).toBe(taskset.digest);
      expect(findShippedTaskset(taskset.digest)).toEqual(taskset);
    },
  );

  it('refuses unknown names and digests', () => {
    expect(() => loadShippedTaskset('gsm8k/train' as ShippedTasksetName)).toThrow(
      'unknown shipped taskset "gsm8k/train"; expected one of gsm8k/test, countdown/test, countdown/easy',
    );
    expect(findShippedTaskset('0'.repeat(64))).toBeUndefined();
  });
});

describe('countdown/test', () => {
  const problems = loadShippedTaskset('countdown/test').problems as CountdownProblem[];

  it('is what the generator makes from COUNTDOWN_TEST_SPEC (first 128 instances)', () => {
    const regenerated = generateCountdownProblems({ ...COUNTDOWN_TEST_SPEC, count: 128 });
    expect(problems.slice(0, 128).map(({ id, reference }) => ({ id, reference }))).toEqual(
      regenerated.map(({ id, reference }) => ({ id, reference })),
    );
  });

  it('has 3 and 4 numbers in 1..99, targets in 1..100, and correct solution counts', () => {
    const sizes = new Set(problems.map((p) => p.reference.numbers.length));
    expect([...sizes].sort()).toEqual([3, 4]);
    for (const { reference, solutions } of problems) {
      expect(reference.numbers.every((n) => n >= 1 && n <= 99)).toBe(true);
      expect(reference.target >= 1 && reference.target <= 100).toBe(true);
      expect(solutions).toBe(countSolutions(reference.numbers, reference.target));
      expect(solutions).toBeGreaterThan(0);
    }
  });

  it('has solutions that the exact Countdown verifier accepts, every one of them', () => {
    const rejected: string[] = [];
    for (const { id, reference } of problems) {
      for (const solution of solveCountdown(reference.numbers, reference.target)) {
        if (!verify('countdown', `<answer>${solution}</answer>`, reference, { mode: 'exact' }).correct)
          rejected.push(`${id}: ${solution}`);
      }
    }
    expect(rejected).toEqual([]);
  });
});

describe('gsm8k/test', () => {
  it('ships the MIT license notice of the dataset', () => {
    const license = readFileSync(join(packageDir, 'data/gsm8k/LICENSE'), 'utf8');
    expect(license.startsWith('MIT License\n\nCopyright (c) 2021 OpenAI\n')).toBe(true);
  });

  it.skipIf(!sharedDataNote())('holds the questions and gold answers of the official test file', () => {
    const official = parseGsm8kJsonl(readFileSync(sharedPath('data/gsm8k/test.jsonl'), 'utf8'), {
      split: 'test',
    });
    const shipped = loadShippedTaskset('gsm8k/test').problems as Gsm8kProblem[];
    expect(
      shipped.map(({ id, question, reference, prompt }) => ({ id, question, reference, prompt })),
    ).toEqual(official.map(({ id, question, reference, prompt }) => ({ id, question, reference, prompt })));
    expect(readFileSync(join(packageDir, 'data/gsm8k/LICENSE'), 'utf8')).toBe(
      readFileSync(sharedPath('data/gsm8k/LICENSE'), 'utf8'),
    );
  });
});

describe('countdown/easy', () => {
  const problems = loadShippedTaskset('countdown/easy').problems as CountdownProblem[];

  it('is what the generator makes from COUNTDOWN_EASY_SPEC, every instance', () => {
    const regenerated = generateCountdownProblems({ ...COUNTDOWN_EASY_SPEC, withSolutionCounts: true });
    expect(problems.map(({ id, reference, solutions }) => ({ id, reference, solutions }))).toEqual(
      regenerated.map(({ id, reference, solutions }) => ({ id, reference, solutions })),
    );
  });

  it('has 3 numbers in 1..9 and targets in 1..20, each solvable', () => {
    for (const { reference, solutions } of problems) {
      expect(reference.numbers).toHaveLength(3);
      expect(reference.numbers.every((n) => n >= 1 && n <= 9)).toBe(true);
      expect(reference.target >= 1 && reference.target <= 20).toBe(true);
      expect(solutions).toBe(countSolutions(reference.numbers, reference.target));
      expect(solutions).toBeGreaterThan(0);
    }
  });
});
