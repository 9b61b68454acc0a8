import { describe, expect, it } from 'vitest';
import type { Finding } from './findings.js';
import { acrossSeeds, majorityVerdict, type SeedRun, seededName, spreadOf } from './seeds.js';

const finding = (id: Finding['id'], verdict: Finding['verdict']): Finding => ({
  id,
  claim: `claim ${id}`,
  verdict,
  evidence: '',
});

const run = (
  seed: number,
  passAt1: number,
  diff: number,
  k: number | null,
  verdicts: Finding['verdict'][],
): SeedRun => ({
  seed,
  arms: [
    {
      name: 'grpo',
      pass_at_1: passAt1,
      vs_base_at_1: { k: 1, diff, ci: [diff - 0.02, diff + 0.02] },
      vs_base_at_n: { k: 32, diff: -0.1, ci: [-0.15, -0.05] },
      crossover: k === null ? null : { k, behind: 'base', interval: [k - 1, k + 1] },
    },
  ],
  findings: (['i', 'ii', 'iii'] as const).map((id, j) => finding(id, verdicts[j] ?? 'inconclusive')),
});

describe('majorityVerdict', () => {
  it('needs a strict majority to hold or to fail', () => {
    expect(majorityVerdict(['held', 'held', 'inconclusive'])).toBe('held');
    expect(majorityVerdict(['held', 'did not hold', 'inconclusive'])).toBe('inconclusive');
    expect(majorityVerdict(['did not hold', 'did not hold', 'held'])).toBe('did not hold');
    expect(majorityVerdict(['held', 'inconclusive'])).toBe('inconclusive'); // 1 of 2 is no majority
    expect(majorityVerdict(['held'])).toBe('held');
  });
});

describe('spreadOf', () => {
  it('gives mean, range and the sample standard deviation', () => {
    expect(spreadOf([1, 2, 3])).toEqual({ mean: 2, min: 1, max: 3, sd: 1 });
    expect(spreadOf([5])).toEqual({ mean: 5, min: 5, max: 5, sd: 0 });
  });
});

describe('acrossSeeds', () => {
  it('collects every seed per arm and per finding, in seed order', () => {
    const spread = acrossSeeds([
      run(1, 0.2, 0.04, 2, ['held', 'held', 'inconclusive']),
      run(2, 0.25, 0.06, null, ['held', 'did not hold', 'held']),
      run(7, 0.3, 0.08, 4, ['inconclusive', 'did not hold', 'held']),
    ]);
    expect(spread.seeds).toEqual([1, 2, 7]);
    const [grpo] = spread.arms;
    expect(grpo?.name).toBe('grpo');
    expect(grpo?.pass_at_1.mean).toBeCloseTo(0.25, 12);
    expect([grpo?.pass_at_1.min, grpo?.pass_at_1.max]).toEqual([0.2, 0.3]);
    expect(grpo?.diff_at_1?.mean).toBeCloseTo(6, 12); // points
    expect(grpo?.diff_at_1?.sd).toBeCloseTo(2, 12);
    expect(grpo?.diff_at_n?.mean).toBeCloseTo(-10, 12);
    expect(grpo?.crossover_k).toEqual([2, null, 4]);
    expect(
      spread.findings.map((f) => [f.id, f.verdicts.join('/'), f.held, f.did_not_hold, f.verdict]),
    ).toEqual([
      ['i', 'held/held/inconclusive', 2, 0, 'held'],
      ['ii', 'held/did not hold/did not hold', 1, 2, 'did not hold'],
      ['iii', 'inconclusive/held/held', 2, 0, 'held'],
    ]);
  });
});

describe('seededName', () => {
  it('keeps the first seed under the plain name', () => {
    expect(seededName('grpo', 1, 1)).toBe('grpo');
    expect(seededName('grpo', 2, 1)).toBe('grpo.seed-2');
  });
});
