import type { ProblemRow } from '@crossover/metrics';
import { describe, expect, it } from 'vitest';
import {
  crossoverFinding,
  equivalenceFinding,
  FINDINGS_DEFAULTS,
  lengthFinding,
  type ModelEvidence,
  meanDifference,
  versusBase,
} from './findings.js';

const row = (i: number, n: number, c: number): ProblemRow => ({
  problem_id: `p${i}`,
  n,
  c,
  pass_at_k: {},
  maj_answer: null,
  mean_length_correct: null,
  mean_length_incorrect: null,
});
const problems = Array.from({ length: 40 }, (_, i) => i);
// RL: half the problems solved every time (pass@k = 0.5 at every k); base: every problem 2 in 8
// (pass@1 = 0.25, pass@8 = 1): RL ahead at k = 1, the base ahead from k = 4.
const rl = problems.map((i) => row(i, 8, i % 2 === 0 ? 8 : 0));
const base = problems.map((i) => row(i, 8, 2));
const ks = [1, 2, 3, 4, 5, 6, 7, 8];
const config = { ...FINDINGS_DEFAULTS, resamples: 500 };
const evidence = (name: string, perProblem: ProblemRow[], lengths = { correct: [10], incorrect: [10] }) =>
  ({ name, perProblem, lengths }) as ModelEvidence;

describe('versusBase', () => {
  it('gives the paired difference at every k and the crossover with its interval', () => {
    const { vs_base, crossover } = versusBase(rl, base, ks, config);
    expect(vs_base.map((p) => p.k)).toEqual(ks);
    expect(vs_base[0]?.diff).toBeCloseTo(0.25, 12);
    expect(vs_base.at(-1)?.diff).toBeCloseTo(-0.5, 12);
    expect(crossover?.behind).toBe('base');
    expect(crossover?.k).toBe(3);
    expect(crossover?.interval[0]).toBeLessThanOrEqual(3);
  });
});

describe('the three findings', () => {
  it('(iii) holds when RL leads at k = 1 and the base is level or ahead at k = n', () => {
    const finding = crossoverFinding('grpo', versusBase(rl, base, ks, config), 8);
    expect(finding.verdict).toBe('held');
    expect(finding.evidence).toContain('crossover at k = 3');
    const behind = crossoverFinding(
      'grpo',
      versusBase(
        base.map((r) => row(Number(r.problem_id.slice(1)), 8, 0)),
        base,
        ks,
        config,
      ),
      8,
    );
    expect(behind.verdict).toBe('did not hold');
  });

  it('(i) equivalence: inside the margin holds, far outside does not, a wide interval is inconclusive', () => {
    const same = equivalenceFinding(evidence('grpo', base), evidence('isft', base), config);
    expect(same.verdict).toBe('held');
    const far = equivalenceFinding(
      evidence('grpo', rl),
      evidence(
        'isft',
        base.map((r) => ({ ...r, c: 0 })),
      ),
      config,
    );
    expect(far.verdict).toBe('did not hold');
    const few = [0, 1, 2, 3].map((i) => row(i, 8, i % 2 === 0 ? 8 : 0));
    const unsure = equivalenceFinding(
      evidence('grpo', few),
      evidence(
        'isft',
        few.map((r) => ({ ...r, c: 4 })),
      ),
      config,
    );
    expect(unsure.verdict).toBe('inconclusive');
  });

  it('(ii) holds when an arm lengthens incorrect answers beyond its correct ones', () => {
    const baseLengths = { correct: [10, 11, 9, 10], incorrect: [20, 21, 19, 20] };
    const longer = { correct: [10, 11, 9, 10], incorrect: [30, 31, 29, 30] };
    expect(lengthFinding(evidence('sft', base, baseLengths), [evidence('grpo', rl, longer)]).verdict).toBe(
      'held',
    );
    const shorter = { correct: [10, 11, 9, 10], incorrect: [12, 13, 11, 12] };
    expect(lengthFinding(evidence('sft', base, baseLengths), [evidence('grpo', rl, shorter)]).verdict).toBe(
      'did not hold',
    );
  });

  it("meanDifference is Welch's interval, null for an empty sample", () => {
    const d = meanDifference([1, 2, 3], [0, 0, 0]);
    expect(d.diff).toBe(2);
    expect(d.ci?.[0]).toBeCloseTo(2 - 1.96 * Math.sqrt(1 / 3), 12);
    expect(meanDifference([], [1])).toEqual({ diff: null, ci: null });
  });
});
