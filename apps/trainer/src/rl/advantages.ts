/**
 * Rewards, group advantages and per-sample weights: plain numbers, no tensors. A batch is `groups`
 * groups of G completions of the same prompt, laid out group after group.
 */

/** How GRPO scales the centred rewards: by the group's std (as published), the batch's, or not (Dr. GRPO). */
export type ScaleRewards = 'group' | 'batch' | 'none';

/** Added to the std before dividing, as in TRL, so a near-constant group does not explode. */
export const STD_EPS = 1e-4;

export interface RewardOptions {
  /** Partial credit for a well-formed but wrong answer (TinyZero uses 0.1); 0 by default. */
  formatReward: number;
}

/** 1 for a correct answer, `formatReward` for a well-formed wrong one, 0 otherwise. */
export function rewardOf(verdict: { correct: boolean; format_ok: boolean }, options: RewardOptions): number {
  if (verdict.correct) return 1;
  return verdict.format_ok ? options.formatReward : 0;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n - 1 in the denominator, as torch.std computes it); 0 for one value. */
export function std(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/** The rewards split into consecutive groups of `groupSize`. */
export function groupsOf<T>(values: readonly T[], groupSize: number): T[][] {
  if (groupSize < 1 || values.length % groupSize !== 0)
    throw new RangeError(`${values.length} values do not split into groups of ${groupSize}`);
  const groups: T[][] = [];
  for (let i = 0; i < values.length; i += groupSize) groups.push(values.slice(i, i + groupSize));
  return groups;
}

/**
 * GRPO advantages: each reward minus its group's mean, divided by the group's std (`group`), the whole
 * batch's std (`batch`) or nothing (`none`). A group whose rewards are all equal gets advantage 0.
 */
export function groupAdvantages(
  rewards: readonly number[],
  groupSize: number,
  scale: ScaleRewards,
): number[] {
  const batchStd = std(rewards);
  return groupsOf(rewards, groupSize).flatMap((group) => {
    const m = mean(group);
    const divisor = scale === 'group' ? std(group) + STD_EPS : scale === 'batch' ? batchStd + STD_EPS : 1;
    return group.map((r) => (r - m) / divisor);
  });
}

/** Fraction of groups whose rewards are all equal (they carry no GRPO signal). */
export function zeroVarianceFraction(rewards: readonly number[], groupSize: number): number {
  const groups = groupsOf(rewards, groupSize);
  return groups.filter((g) => g.every((r) => r === g[0])).length / groups.length;
}

/** Keeps the groups whose correctness is mixed; returns the indices of their samples. */
export function mixedGroupIndices(correct: readonly boolean[], groupSize: number): number[] {
  return groupsOf(
    correct.map((c, i) => ({ c, i })),
    groupSize,
  ).flatMap((group) => (group.some((s) => s.c) && group.some((s) => !s.c) ? group.map((s) => s.i) : []));
}

export type IsftWeighting = 'binary' | 'advantage';

/**
 * Per-sample SFT weights for `isft`: +1 for correct and -negWeight for incorrect samples (`binary`), or
 * the GRPO group advantage (`advantage`). `filtered-isft` is `binary` with negWeight 0 and the incorrect
 * samples left out.
 */
export function isftWeights(
  correct: readonly boolean[],
  rewards: readonly number[],
  options: { weighting: IsftWeighting; negWeight: number; groupSize: number; scale: ScaleRewards },
): number[] {
  if (options.weighting === 'advantage') return groupAdvantages(rewards, options.groupSize, options.scale);
  return correct.map((c) => (c ? 1 : -options.negWeight));
}
