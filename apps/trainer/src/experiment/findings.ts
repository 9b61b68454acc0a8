/**
 * What an experiment says about the seeds' claims, each test fixed in the config before the run:
 * (i) GRPO and F-ISFT± are equivalent at pass@1 (paired interval of the difference inside ±margin);
 * (ii) incorrect answers grow longer than correct ones under RL (change against the base, per arm);
 * (iii) RL beats the base at k = 1 while the base catches up by k = n (the crossover).
 * Intervals: paired bootstrap over problems (`compareRuns`) for pass@k, Welch's normal interval over
 * samples for mean lengths (samples of one problem are not independent: read it as a lower bound on the
 * uncertainty).
 */
import { compareRuns, type ProblemRow } from '@crossover/metrics';

export interface FindingsConfig {
  /** (i): the two arms compared, and the equivalence margin on their pass@1 difference. */
  equivalence: { a: string; b: string; margin: number };
  /** (iii): the RL arm compared with the base. */
  rlArm: string;
  /** Bootstrap resamples and seed, the same for every comparison. */
  resamples: number;
  seed: number;
}

export const FINDINGS_DEFAULTS: FindingsConfig = {
  equivalence: { a: 'grpo', b: 'isft', margin: 0.05 },
  rlArm: 'grpo',
  resamples: 2000,
  seed: 1,
};

export type Interval = [number, number];

export interface CurvePoint {
  k: number;
  pass_at_k: number;
  ci: Interval;
}

export interface DiffPoint {
  k: number;
  diff: number;
  ci: Interval;
}

export interface VersusBase {
  vs_base: DiffPoint[];
  /** The first k at which the model behind at k = 1 is level or ahead, with its bootstrap interval. */
  crossover: { k: number; behind: 'base' | 'model'; interval: [number | null, number | null] } | null;
}

/** Paired comparison of a model with the base on their common problems, at every k of `ks`. */
export function versusBase(
  model: readonly ProblemRow[],
  base: readonly ProblemRow[],
  ks: readonly number[],
  config: Pick<FindingsConfig, 'resamples' | 'seed'>,
): VersusBase {
  const result = compareRuns(model, base, ks, { resamples: config.resamples, seed: config.seed });
  const { crossover } = result;
  return {
    vs_base: result.points.map((p) => ({ k: p.k, diff: p.diff, ci: [p.low, p.high] })),
    crossover:
      crossover.k === null || crossover.behind === null
        ? null
        : {
            k: crossover.k,
            behind: crossover.behind === 'a' ? 'model' : 'base',
            interval: [crossover.low, crossover.high],
          },
  };
}

export interface MeanDifference {
  diff: number | null;
  ci: Interval | null;
}

/** a - b of two samples' means with Welch's 95% normal interval; null when either is empty. */
export function meanDifference(a: readonly number[], b: readonly number[]): MeanDifference {
  if (a.length === 0 || b.length === 0) return { diff: null, ci: null };
  const stats = (xs: readonly number[]) => {
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.length > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1) : 0;
    return { mean, variance, n: xs.length };
  };
  const x = stats(a);
  const y = stats(b);
  const diff = x.mean - y.mean;
  const se = Math.sqrt(x.variance / x.n + y.variance / y.n);
  return { diff, ci: [diff - 1.96 * se, diff + 1.96 * se] };
}

export type Verdict = 'held' | 'did not hold' | 'inconclusive';

export interface Finding {
  id: 'i' | 'ii' | 'iii';
  claim: string;
  verdict: Verdict;
  /** The numbers behind the verdict, in words. */
  evidence: string;
}

export interface ModelEvidence {
  name: string;
  perProblem: ProblemRow[];
  /** Per-sample lengths of correct and incorrect answers. */
  lengths: { correct: number[]; incorrect: number[] };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}`;
const interval = ([lo, hi]: Interval, scale = 100, digits = 1) =>
  `[${(lo * scale).toFixed(digits)}, ${(hi * scale).toFixed(digits)}]`;

/** (i) Equivalence at pass@1 of two arms: the paired interval inside ±margin holds, outside fails. */
export function equivalenceFinding(
  a: ModelEvidence | undefined,
  b: ModelEvidence | undefined,
  config: FindingsConfig,
): Finding {
  const { margin } = config.equivalence;
  const claim = `${config.equivalence.a} and ${config.equivalence.b} are equivalent at pass@1 (±${pct(margin)} points)`;
  if (!a || !b)
    return { id: 'i', claim, verdict: 'inconclusive', evidence: 'an arm of the pair did not run' };
  const [point] = compareRuns(a.perProblem, b.perProblem, [1], config).points;
  if (!point) return { id: 'i', claim, verdict: 'inconclusive', evidence: 'no common problems' };
  const ci: Interval = [point.low, point.high];
  const verdict: Verdict =
    ci[0] >= -margin && ci[1] <= margin
      ? 'held'
      : ci[1] < -margin || ci[0] > margin
        ? 'did not hold'
        : 'inconclusive';
  return {
    id: 'i',
    claim,
    verdict,
    evidence: `pass@1 ${a.name} - ${b.name} = ${pct(point.diff)} points, 95% CI ${interval(ci)}`,
  };
}

/** (ii) Per arm: how much longer incorrect and correct answers got than the base's. */
export function lengthFinding(base: ModelEvidence, arms: readonly ModelEvidence[]): Finding {
  const claim =
    'under RL, incorrect answers grow longer than correct ones (change in mean tokens vs the base)';
  const rows = arms.map((arm) => ({
    name: arm.name,
    incorrect: meanDifference(arm.lengths.incorrect, base.lengths.incorrect),
    correct: meanDifference(arm.lengths.correct, base.lengths.correct),
  }));
  const text = (d: MeanDifference) =>
    d.diff === null || d.ci === null ? 'n/a' : `${d.diff.toFixed(1)} ${interval(d.ci, 1)}`;
  const grew = rows.filter(
    (r) =>
      r.incorrect.ci !== null &&
      r.correct.diff !== null &&
      r.incorrect.diff !== null &&
      r.incorrect.ci[0] > 0 &&
      r.incorrect.diff > r.correct.diff,
  );
  const shrank = rows.filter((r) => r.incorrect.ci !== null && r.incorrect.ci[1] < 0);
  const verdict: Verdict =
    grew.length > 0 ? 'held' : shrank.length === rows.length ? 'did not hold' : 'inconclusive';
  return {
    id: 'ii',
    claim,
    verdict,
    evidence: rows
      .map((r) => `${r.name}: incorrect ${text(r.incorrect)}, correct ${text(r.correct)}`)
      .concat(grew.length > 0 ? [`longer incorrect answers in: ${grew.map((r) => r.name).join(', ')}`] : [])
      .join('; '),
  };
}

/** (iii) RL above the base at k = 1 and the base level or ahead at k = n. */
export function crossoverFinding(arm: string, comparison: VersusBase | undefined, n: number): Finding {
  const claim = `${arm} beats the base at k = 1 and the base is level or ahead at k = ${n}`;
  const first = comparison?.vs_base[0];
  const last = comparison?.vs_base.at(-1);
  if (!comparison || !first || !last)
    return { id: 'iii', claim, verdict: 'inconclusive', evidence: `${arm} did not run` };
  const ahead = first.ci[0] > 0;
  const overtaken = last.diff <= 0;
  const cross = comparison.crossover;
  const crossText =
    cross === null
      ? `no crossover up to k = ${n}`
      : `crossover at k = ${cross.k} (95% interval ${cross.interval[0] ?? 'none'} to ${cross.interval[1] ?? `beyond ${n}`})`;
  const verdict: Verdict =
    ahead && overtaken ? 'held' : first.ci[1] < 0 || last.ci[0] > 0 ? 'did not hold' : 'inconclusive';
  return {
    id: 'iii',
    claim,
    verdict,
    evidence:
      `k = 1: ${arm} - base = ${pct(first.diff)} points ${interval(first.ci)}; ` +
      `k = ${last.k}: ${pct(last.diff)} points ${interval(last.ci)}; ${crossText}`,
  };
}
