/**
 * An experiment over several RL seeds: every arm runs once per seed from the one SFT base, each seed's
 * final models are tested exactly like the first seed's, and the report gives the spread. The rule that
 * turns per-seed verdicts into one, fixed before any run: a claim holds across seeds when it held in a
 * strict majority of them, did not hold when it failed in a strict majority, and is inconclusive otherwise.
 */
import type { DiffPoint, Finding, Verdict, VersusBase } from './findings.js';
import type { ModelSummary } from './report.js';

/** Run-directory and model names of an arm at a seed: the first seed keeps the arm's plain name. */
export function seededName(arm: string, seed: number, firstSeed: number): string {
  return seed === firstSeed ? arm : `${arm}.seed-${seed}`;
}

/** What one arm reached at one seed, against the base. */
export interface SeedArm {
  name: string;
  pass_at_1: number;
  /** pass@k minus the base's at k = 1 and at k = n, paired bootstrap interval. */
  vs_base_at_1: DiffPoint | null;
  vs_base_at_n: DiffPoint | null;
  crossover: VersusBase['crossover'];
}

export interface SeedRun {
  seed: number;
  arms: SeedArm[];
  findings: Finding[];
}

/** One seed's run from its models' summaries (the base among them) and its findings. */
export function seedRun(
  seed: number,
  models: readonly ModelSummary[],
  findings: Finding[],
  n: number,
): SeedRun {
  const arms = models
    .filter((m) => m.vs_base !== undefined)
    .map((m) => ({
      name: m.name,
      pass_at_1: m.pass_at_1,
      vs_base_at_1: m.vs_base?.find((p) => p.k === 1) ?? null,
      vs_base_at_n: m.vs_base?.find((p) => p.k === n) ?? null,
      crossover: m.crossover,
    }));
  return { seed, arms, findings };
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
  /** Sample standard deviation (0 with one seed). */
  sd: number;
}

export interface ArmAcrossSeeds {
  name: string;
  pass_at_1: Spread;
  /** In points of pass@k, like the report's tables. */
  diff_at_1: Spread | null;
  diff_at_n: Spread | null;
  /** The crossover k at each seed, in seed order (null: none up to n). */
  crossover_k: (number | null)[];
}

export interface FindingAcrossSeeds {
  id: Finding['id'];
  claim: string;
  /** The verdict at each seed, in seed order. */
  verdicts: Verdict[];
  held: number;
  did_not_hold: number;
  verdict: Verdict;
}

export interface SeedSpread {
  seeds: number[];
  rule: string;
  runs: SeedRun[];
  arms: ArmAcrossSeeds[];
  findings: FindingAcrossSeeds[];
}

export const MAJORITY_RULE =
  'a claim holds across seeds when it held in a strict majority of them, did not hold when it failed in a strict majority, else inconclusive';

export function majorityVerdict(verdicts: readonly Verdict[]): Verdict {
  const count = (v: Verdict) => verdicts.filter((x) => x === v).length;
  if (2 * count('held') > verdicts.length) return 'held';
  if (2 * count('did not hold') > verdicts.length) return 'did not hold';
  return 'inconclusive';
}

export function spreadOf(values: readonly number[]): Spread {
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  const sd =
    values.length > 1 ? Math.sqrt(values.reduce((s, x) => s + (x - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, min: Math.min(...values), max: Math.max(...values), sd };
}

/** The spread over seeds of every arm's figures and of every finding's verdict. */
export function acrossSeeds(runs: readonly SeedRun[]): SeedSpread {
  const first = runs[0];
  const arms = (first?.arms ?? []).map((arm): ArmAcrossSeeds => {
    const atSeeds = runs.map((run) => run.arms.find((a) => a.name === arm.name));
    const present = atSeeds.filter((a): a is SeedArm => a !== undefined);
    const diffs = (pick: (a: SeedArm) => DiffPoint | null) => {
      const points = present.map(pick).filter((p): p is DiffPoint => p !== null);
      return points.length === 0 ? null : spreadOf(points.map((p) => 100 * p.diff));
    };
    return {
      name: arm.name,
      pass_at_1: spreadOf(present.map((a) => a.pass_at_1)),
      diff_at_1: diffs((a) => a.vs_base_at_1),
      diff_at_n: diffs((a) => a.vs_base_at_n),
      crossover_k: atSeeds.map((a) => a?.crossover?.k ?? null),
    };
  });
  const findings = (first?.findings ?? []).map((finding): FindingAcrossSeeds => {
    const verdicts = runs.map(
      (run) => run.findings.find((f) => f.id === finding.id)?.verdict ?? 'inconclusive',
    );
    return {
      id: finding.id,
      claim: finding.claim,
      verdicts,
      held: verdicts.filter((v) => v === 'held').length,
      did_not_hold: verdicts.filter((v) => v === 'did not hold').length,
      verdict: majorityVerdict(verdicts),
    };
  });
  return { seeds: runs.map((r) => r.seed), rule: MAJORITY_RULE, runs: [...runs], arms, findings };
}

const points = (s: Spread | null) =>
  s === null
    ? '-'
    : `${s.mean.toFixed(1)} (${s.min.toFixed(1)} to ${s.max.toFixed(1)}, sd ${s.sd.toFixed(1)})`;
const percent = (s: Spread) =>
  `${(100 * s.mean).toFixed(1)}% (${(100 * s.min).toFixed(1)} to ${(100 * s.max).toFixed(1)}, sd ${(100 * s.sd).toFixed(1)})`;

/** The report's section on the seeds: each claim's verdict per seed, and each arm's spread. */
export function seedsMarkdown(spread: SeedSpread, n: number): string[] {
  const seeds = spread.seeds.join(', ');
  return [
    `## Across ${spread.seeds.length} RL seeds (${seeds})`,
    '',
    `Every arm ran once per seed from the same SFT base; each seed's final models were tested as above. Rule, fixed before the run: ${spread.rule}.`,
    '',
    `| test | claim | verdict per seed (${seeds}) | held | across seeds |`,
    '| --- | --- | --- | ---: | --- |',
    ...spread.findings.map(
      (f) =>
        `| (${f.id}) | ${f.claim} | ${f.verdicts.join(' / ')} | ${f.held} of ${f.verdicts.length} | **${f.verdict}** |`,
    ),
    '',
    `| model | pass@1, mean (min to max, sd) | pass@1 - base, points | pass@${n} - base, points | crossover k per seed |`,
    '| --- | ---: | ---: | ---: | --- |',
    ...spread.arms.map(
      (a) =>
        `| ${a.name} | ${percent(a.pass_at_1)} | ${points(a.diff_at_1)} | ${points(a.diff_at_n)} | ` +
        `${a.crossover_k.map((k) => (k === null ? 'none' : String(k))).join(' / ')} |`,
    ),
    '',
  ];
}
