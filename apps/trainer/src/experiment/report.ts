/**
 * The experiment's report directory: report.json (every number), report.md (tables and the plots), and
 * three SVG plots drawn with @crossover/plots: held-out accuracy per step, mean length of correct and
 * incorrect answers per step, and the pass@k curves of the base and each trained model with the
 * crossover k marked.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type LineSeries, lineChart, type Marker, paletteColor } from '@crossover/plots';
import { type ExperimentConfig, rlSeeds } from './config.js';
import type { FinalEval } from './final-eval.js';
import {
  type CurvePoint,
  crossoverFinding,
  type DiffPoint,
  equivalenceFinding,
  FINDINGS_DEFAULTS,
  type Finding,
  lengthFinding,
  type ModelEvidence,
  type VersusBase,
  versusBase,
} from './findings.js';
import { acrossSeeds, type SeedSpread, seededName, seedRun, seedsMarkdown } from './seeds.js';

/** One held-out evaluation during an RL run (from its metrics.jsonl). */
export interface StepPoint {
  step: number;
  pass_at_1: number;
  correct: number;
  incorrect: number;
  mean_tokens_correct: number | null;
  mean_tokens_incorrect: number | null;
  truncated: number;
  /** Mean training reward of the round that ended at this step (null at step 0). */
  train_reward: number | null;
}

export interface LengthSummary {
  mean: number | null;
  median: number | null;
  count: number;
}

export interface ModelSummary {
  name: string;
  step: number;
  pass_at_1: number;
  pass_at_n: number;
  /** pass@k for k = 1..n with its 95% bootstrap interval over problems. */
  curve: CurvePoint[];
  /** pass@k minus the base's at every k, paired bootstrap interval (absent for the base itself). */
  vs_base?: DiffPoint[];
  /** Against the base: the first k where the one behind at k = 1 is level or ahead (null: none up to n). */
  crossover: VersusBase['crossover'];
  lengths: { correct: LengthSummary; incorrect: LengthSummary };
  mean_tokens_correct: number | null;
  mean_tokens_incorrect: number | null;
  truncated_frac: number;
  generations: string;
  onnx: string;
}

export interface ExperimentReport {
  name: string;
  task: string;
  n_problems: number;
  samples_per_problem: number;
  models: ModelSummary[];
  /** The seeds' claims, tested as fixed in the config before the run. */
  findings: Finding[];
  /** With several RL seeds: every seed's figures and verdicts, and their spread (models[] is the first seed). */
  seeds?: SeedSpread;
  steps: Record<string, StepPoint[]>;
  timings_s: Record<string, number>;
  elapsed_s: number;
  config: ExperimentConfig;
}

export async function readStepSeries(runDir: string): Promise<StepPoint[]> {
  const lines = (await readFile(join(runDir, 'metrics.jsonl'), 'utf8')).split('\n').filter(Boolean);
  const rewards = new Map<number, number>();
  const points: StepPoint[] = [];
  for (const line of lines) {
    const entry = JSON.parse(line) as {
      step: number;
      reward_mean?: number;
      eval?: Omit<StepPoint, 'step' | 'train_reward'>;
    };
    if (entry.eval) {
      const e = entry.eval;
      // A resumed run may evaluate a step twice; the last one wins.
      const point: StepPoint = {
        step: entry.step,
        pass_at_1: e.pass_at_1,
        correct: e.correct,
        incorrect: e.incorrect,
        mean_tokens_correct: e.mean_tokens_correct,
        mean_tokens_incorrect: e.mean_tokens_incorrect,
        truncated: e.truncated,
        train_reward: rewards.get(entry.step) ?? null,
      };
      const at = points.findIndex((p) => p.step === entry.step);
      if (at >= 0) points[at] = point;
      else points.push(point);
    } else if (entry.reward_mean !== undefined) rewards.set(entry.step, entry.reward_mean);
  }
  return points.sort((a, b) => a.step - b.step);
}

export function summarizeModels(finals: FinalEval[], config: ExperimentConfig): ModelSummary[] {
  const findings = { ...FINDINGS_DEFAULTS, ...config.findings };
  const base = finals.find((f) => f.name === 'sft');
  return finals.map((f) => {
    const ks = f.report.k;
    const comparison = base && f !== base ? versusBase(rows(f), rows(base), ks, findings) : undefined;
    const { correct, incorrect } = f.report.lengths;
    return {
      name: f.name,
      step: f.step,
      pass_at_1: f.curve[0] ?? 0,
      pass_at_n: f.curve.at(-1) ?? 0,
      curve: ks.map((k) => {
        const ci = f.report.pass_at_k_ci[String(k)];
        return { k, pass_at_k: f.report.pass_at_k[String(k)] ?? 0, ci: [ci?.low ?? 0, ci?.high ?? 0] };
      }),
      ...(comparison ? { vs_base: comparison.vs_base } : {}),
      crossover: comparison?.crossover ?? null,
      lengths: {
        correct: { mean: correct.mean, median: correct.median, count: correct.count },
        incorrect: { mean: incorrect.mean, median: incorrect.median, count: incorrect.count },
      },
      mean_tokens_correct: correct.count > 0 ? correct.mean : null,
      mean_tokens_incorrect: incorrect.count > 0 ? incorrect.mean : null,
      truncated_frac: f.truncated,
      generations: f.generations,
      onnx: f.onnx,
    };
  });
}

function rows(f: FinalEval) {
  return f.report.per_problem ?? [];
}

/** The three tests of the seeds' claims over the final models. */
export function testFindings(
  finals: FinalEval[],
  models: ModelSummary[],
  config: ExperimentConfig,
): Finding[] {
  const findings = { ...FINDINGS_DEFAULTS, ...config.findings };
  const evidence = (f: FinalEval): ModelEvidence => ({
    name: f.name,
    perProblem: rows(f),
    lengths: f.lengths,
  });
  const byName = new Map(finals.map((f) => [f.name, evidence(f)]));
  const base = byName.get('sft');
  const arms = finals.filter((f) => f.name !== 'sft').map(evidence);
  const rl = models.find((m) => m.name === findings.rlArm);
  return [
    equivalenceFinding(byName.get(findings.equivalence.a), byName.get(findings.equivalence.b), findings),
    ...(base ? [lengthFinding(base, arms)] : []),
    crossoverFinding(
      findings.rlArm,
      rl?.vs_base ? { vs_base: rl.vs_base, crossover: rl.crossover } : undefined,
      config.final.n,
    ),
  ];
}

export function accuracyPlot(steps: Record<string, StepPoint[]>): string {
  return lineChart({
    title: 'Held-out accuracy during RL',
    id: 'accuracy',
    x: { label: 'RL step', name: 'step' },
    y: { label: 'pass@1 (held-out)', name: 'pass@1', format: 'percent' },
    series: Object.entries(steps).map(([name, points], i) => ({
      name,
      color: paletteColor(i),
      points: points.map((p) => ({ x: p.step, y: p.pass_at_1 })),
    })),
  });
}

export function lengthPlot(steps: Record<string, StepPoint[]>): string {
  const series: LineSeries[] = Object.entries(steps).flatMap(([name, points], i) => {
    const line = (kind: 'correct' | 'incorrect'): LineSeries => ({
      name: `${name} ${kind}`,
      color: paletteColor(i),
      dash: kind === 'correct' ? 'solid' : 'dashed',
      points: points.flatMap((p) => {
        const y = kind === 'correct' ? p.mean_tokens_correct : p.mean_tokens_incorrect;
        return y === null ? [] : [{ x: p.step, y }];
      }),
    });
    return [line('correct'), line('incorrect')];
  });
  return lineChart({
    title: 'Mean answer length: correct (solid) and incorrect (dashed)',
    id: 'lengths',
    x: { label: 'RL step', name: 'step' },
    y: { label: 'tokens', name: 'mean length' },
    series,
  });
}

export function passAtKPlot(models: ModelSummary[]): string {
  const markers: Marker[] = models.flatMap((m) =>
    m.crossover
      ? [{ x: m.crossover.k, label: `${m.name}: crossover k = ${m.crossover.k}`, kind: 'crossover' as const }]
      : [],
  );
  return lineChart({
    title: 'pass@k of the SFT base and each trained model',
    id: 'pass-at-k',
    x: { label: 'k (samples per problem)', name: 'k', scale: 'log2' },
    y: { label: 'pass@k', format: 'percent' },
    series: models.map((m, i) => ({
      name: m.name === 'sft' ? 'sft (base)' : m.name,
      color: paletteColor(i),
      dash: m.name === 'sft' ? 'dashed' : 'solid',
      points: m.curve.map((p) => ({ x: p.k, y: p.pass_at_k })),
    })),
    markers,
  });
}

/** The base and every arm at one RL seed, under the arms' plain names. */
function finalsAtSeed(finals: FinalEval[], config: ExperimentConfig, seed: number): FinalEval[] {
  const firstSeed = rlSeeds(config)[0] as number;
  const base = finals.filter((f) => f.name === 'sft');
  return base.concat(
    config.algorithms.flatMap((a) => {
      const found = finals.find((f) => f.name === seededName(a.name, seed, firstSeed));
      return found ? [{ ...found, name: a.name }] : [];
    }),
  );
}

function spreadOverSeeds(finals: FinalEval[], config: ExperimentConfig): SeedSpread {
  return acrossSeeds(
    rlSeeds(config).map((seed) => {
      const atSeed = finalsAtSeed(finals, config, seed);
      const models = summarizeModels(atSeed, config);
      return seedRun(seed, models, testFindings(atSeed, models, config), config.final.n);
    }),
  );
}

export async function writeReport(
  config: ExperimentConfig,
  finals: FinalEval[],
  steps: Record<string, StepPoint[]>,
  context: { outDir: string; timings: Record<string, number>; elapsedSeconds: number },
): Promise<ExperimentReport> {
  const first = finalsAtSeed(finals, config, rlSeeds(config)[0] as number);
  const models = summarizeModels(first, config);
  const report: ExperimentReport = {
    name: config.name,
    task: config.task,
    n_problems: finals[0]?.report.n_problems ?? 0,
    samples_per_problem: config.final.n,
    models,
    findings: testFindings(first, models, config),
    ...(rlSeeds(config).length > 1 ? { seeds: spreadOverSeeds(finals, config) } : {}),
    steps,
    timings_s: context.timings,
    elapsed_s: context.elapsedSeconds,
    config,
  };
  await writeFile(join(context.outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(context.outDir, 'accuracy.svg'), accuracyPlot(steps));
  await writeFile(join(context.outDir, 'lengths.svg'), lengthPlot(steps));
  await writeFile(join(context.outDir, 'pass-at-k.svg'), passAtKPlot(models));
  await writeFile(join(context.outDir, 'report.md'), reportMarkdown(report));
  return report;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const num = (x: number | null) => (x === null ? '-' : x.toFixed(1));

export function reportMarkdown(report: ExperimentReport): string {
  const n = report.samples_per_problem;
  const ci = ([lo, hi]: [number, number]) => `[${pct(lo)}, ${pct(hi)}]`;
  const at = (m: ModelSummary, k: number) => m.curve.find((p) => p.k === k);
  const diffAt = (m: ModelSummary, k: number) => {
    const d = m.vs_base?.find((p) => p.k === k);
    const points = (x: number) => (100 * x).toFixed(1);
    return d ? `${points(d.diff)} [${points(d.ci[0])}, ${points(d.ci[1])}]` : '(base)';
  };
  const crossoverText = (m: ModelSummary) => {
    if (!m.vs_base) return '(base)';
    if (!m.crossover) return `none up to k = ${n}`;
    const [lo, hi] = m.crossover.interval;
    const behind = m.crossover.behind === 'base' ? 'base' : 'model';
    return `k = ${m.crossover.k} (${behind} catches up; 95% ${lo ?? '-'} to ${hi ?? `> ${n}`})`;
  };
  const length = (l: LengthSummary) => (l.count === 0 ? '-' : `${num(l.mean)} / ${num(l.median)}`);
  const lines = [
    `# Experiment ${report.name}`,
    '',
    `${report.task}, ${report.n_problems} held-out problems x ${n} samples per model at T = ${report.config.final.temperature}; ` +
      `total time ${formatMinutes(report.elapsed_s)}.`,
    '',
    '## What the seeds claim, tested',
    '',
    'Each test and its margin were fixed in the config before the run; intervals are 95%.' +
      (report.seeds ? ` These are RL seed ${report.seeds.seeds[0]}'s models; every seed follows.` : ''),
    '',
    '| test | claim | verdict | evidence |',
    '| --- | --- | --- | --- |',
    ...report.findings.map((f) => `| (${f.id}) | ${f.claim} | **${f.verdict}** | ${f.evidence} |`),
    '',
    ...(report.seeds ? seedsMarkdown(report.seeds, n) : []),
    '## Final models',
    '',
    `| model | RL steps | pass@1 [95% CI] | pass@${n} [95% CI] | pass@1 - base (points) | pass@${n} - base (points) | crossover k vs base | tokens correct (mean / median) | tokens incorrect (mean / median) | truncated |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...report.models.map((m) => {
      const first = at(m, 1);
      const last = at(m, n);
      return (
        `| ${m.name} | ${m.name === 'sft' ? 0 : m.step} | ${first ? `${pct(first.pass_at_k)} ${ci(first.ci)}` : '-'} | ` +
        `${last ? `${pct(last.pass_at_k)} ${ci(last.ci)}` : '-'} | ${diffAt(m, 1)} | ${diffAt(m, n)} | ${crossoverText(m)} | ` +
        `${length(m.lengths.correct)} | ${length(m.lengths.incorrect)} | ${pct(m.truncated_frac)} |`
      );
    }),
    '',
    '![pass@k](pass-at-k.svg)',
    '',
    '## During RL (held-out evaluations)',
    '',
    '![accuracy](accuracy.svg)',
    '',
    '![lengths](lengths.svg)',
    '',
  ];
  for (const [name, points] of Object.entries(report.steps)) {
    lines.push(
      `### ${name}`,
      '',
      '| step | train reward | pass@1 | correct | incorrect | mean tokens correct | mean tokens incorrect | truncated |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...points.map(
        (p) =>
          `| ${p.step} | ${p.train_reward === null ? '-' : p.train_reward.toFixed(3)} | ${pct(p.pass_at_1)} | ${p.correct} | ${p.incorrect} | ` +
          `${num(p.mean_tokens_correct)} | ${num(p.mean_tokens_incorrect)} | ${p.truncated} |`,
      ),
      '',
    );
  }
  lines.push(
    '## Time per stage',
    '',
    '| stage | seconds |',
    '| --- | ---: |',
    ...Object.entries(report.timings_s).map(([stage, s]) => `| ${stage} | ${s.toFixed(0)} |`),
    '',
  );
  return lines.join('\n');
}

function formatMinutes(seconds: number): string {
  return `${(seconds / 60).toFixed(1)} min`;
}
