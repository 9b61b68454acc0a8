import { describe, expect, it } from 'vitest';
import {
  groupAdvantages,
  isftWeights,
  mixedGroupIndices,
  rewardOf,
  STD_EPS,
  std,
  zeroVarianceFraction,
} from './advantages.js';

// Two groups of G = 4: one with a single correct answer, one all correct.
const rewards = [1, 0, 0, 0, 1, 1, 1, 1];
const correct = rewards.map((r) => r === 1);

describe('rewards', () => {
  it('gives 1 for correct, the format reward for a well-formed wrong answer, 0 otherwise', () => {
    expect(rewardOf({ correct: true, format_ok: true }, { formatReward: 0.1 })).toBe(1);
    expect(rewardOf({ correct: false, format_ok: true }, { formatReward: 0.1 })).toBe(0.1);
    expect(rewardOf({ correct: false, format_ok: false }, { formatReward: 0.1 })).toBe(0);
    expect(rewardOf({ correct: false, format_ok: true }, { formatReward: 0 })).toBe(0);
  });
});

describe('groupAdvantages', () => {
  it('centres on the group mean and divides by the group std (n - 1)', () => {
    // group 1: mean 0.25, sample std sqrt(0.75 / 3) = 0.5
    const a = groupAdvantages(rewards, 4, 'group');
    expect(a[0]).toBeCloseTo(0.75 / (0.5 + STD_EPS), 10);
    expect(a[1]).toBeCloseTo(-0.25 / (0.5 + STD_EPS), 10);
    expect(a.slice(4)).toEqual([0, 0, 0, 0]); // zero-variance group: no signal
  });

  it('divides by the batch std with batch scaling, by nothing with none', () => {
    // batch mean 0.625; squared deviations 5 * 0.140625 + 3 * 0.390625 = 1.875; / 7
    const batchStd = Math.sqrt(1.875 / 7);
    expect(std(rewards)).toBeCloseTo(batchStd, 12);
    const batch = groupAdvantages(rewards, 4, 'batch');
    expect(batch[0]).toBeCloseTo(0.75 / (batchStd + STD_EPS), 10);
    expect(batch[3]).toBeCloseTo(-0.25 / (batchStd + STD_EPS), 10);
    expect(groupAdvantages(rewards, 4, 'none')).toEqual([0.75, -0.25, -0.25, -0.25, 0, 0, 0, 0]);
  });

  it('rejects a batch that does not split into groups', () => {
    expect(() => groupAdvantages([1, 0, 1], 2, 'group')).toThrow(RangeError);
  });
});

describe('group statistics and weights', () => {
  it('counts zero-variance groups and keeps only the mixed ones', () => {
    expect(zeroVarianceFraction(rewards, 4)).toBe(0.5);
    expect(zeroVarianceFraction([0, 0, 0.1, 0.1], 2)).toBe(1);
    expect(mixedGroupIndices(correct, 4)).toEqual([0, 1, 2, 3]);
    expect(mixedGroupIndices([false, false, true, false], 2)).toEqual([2, 3]);
  });

  it('weights correct samples +1 and incorrect -lambda, or by the advantage', () => {
    const options = { negWeight: 0.25, groupSize: 4, scale: 'none' as const };
    expect(isftWeights(correct, rewards, { ...options, weighting: 'binary' })).toEqual([
      1, -0.25, -0.25, -0.25, 1, 1, 1, 1,
    ]);
    expect(isftWeights(correct, rewards, { ...options, weighting: 'advantage' })).toEqual([
      0.75, -0.25, -0.25, -0.25, 0, 0, 0, 0,
    ]);
  });
});
