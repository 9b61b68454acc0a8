/**
 * The experiment's report directory: report.json (every number), report.md (tables and the plots), and
 * three SVG plots drawn with @crossover/plots: held-out accuracy per step, mean length of correct and
 * incorrect answers per step, and the pass@k curves of the base and each trained model with the
 * crossover k marked.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crossoverK } from '@crossover/metrics';
import { type LineSeries, lineChart, type Marker, paletteColor } from '@crossover/plots';
import type { ExperimentConfig } from './config.js';
import type { FinalEval } from './final-eval.js';

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

export interface ModelSummary {
  name: string;
  step: number;
  pass_at_1: number;
  pass_at_n: number;
  /** pass@k for k = 1..n. */
  curve: number[];
  mean_tokens_correct: number | null;
  mean_tokens_incorrect: number | null;
  truncated_frac: number;
  /** Against the SFT base: who is behind at k = 1 and the first k where it catches up (null: never). */
  crossover: { behind: 'base' | 'model' | null; k: number | null } | null;
  generations: string;
  onnx: string;
}

export interface ExperimentReport {
  name: string;
  task: string;
  n_problems: number;
  samples_per_problem: number;
  models: ModelSummary[];
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

export function summarizeModels(finals: FinalEval[]): ModelSummary[] {
  const base = finals.find((f) => f.name === 'sft');
  const ks = base ? base.curve.map((_, i) => i + 1) : [];
  return finals.map((f) => {
    let crossover: ModelSummary['crossover'] = null;
    if (base && f !== base) {
      const point = crossoverK(ks, base.curve, f.curve);
      crossover = {
        behind: point.behind === 'a' ? 'base' : point.behind === 'b' ? 'model' : null,
        k: point.k,
      };
    }
    return {
      name: f.name,
      step: f.step,
      pass_at_1: f.curve[0] ?? 0,
      pass_at_n: f.curve.at(-1) ?? 0,
      curve: f.curve,
      mean_tokens_correct: f.report.lengths.correct.count > 0 ? f.report.lengths.correct.mean : null,
      mean_tokens_incorrect: f.report.lengths.incorrect.count > 0 ? f.report.lengths.incorrect.mean : null,
      truncated_frac: f.truncated,
      crossover,
      generations: f.generations,
      onnx: f.onnx,
    };
  });
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
    m.crossover?.k != null
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
      points: m.curve.map((y, k) => ({ x: k + 1, y })),
    })),
    markers,
  });
}

export async function writeReport(
  config: ExperimentConfig,
  finals: FinalEval[],
  steps: Record<string, StepPoint[]>,
  context: { outDir: string; timings: Record<string, number>; elapsedSeconds: number },
): Promise<ExperimentReport> {
  const models = summarizeModels(finals);
  const report: ExperimentReport = {
    name: config.name,
    task: config.task,
    n_problems: finals[0]?.report.n_problems ?? 0,
    samples_per_problem: config.final.n,
    models,
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
  const crossoverText = (m: ModelSummary) => {
    if (!m.crossover) return '(base)';
    if (m.crossover.behind === null) return 'tied at k = 1';
    if (m.crossover.behind === 'model')
      return m.crossover.k === null
        ? `base ahead at every k <= ${n}`
        : `model catches up at k = ${m.crossover.k}`;
    return m.crossover.k === null ? `none up to k = ${n}` : `k = ${m.crossover.k}`;
  };
  const lines = [
    `# Experiment ${report.name}`,
    '',
    `${report.task}, ${report.n_problems} held-out problems x ${n} samples per model; ` +
      `total time ${formatMinutes(report.elapsed_s)}.`,
    '',
    '## Final models',
    '',
    `| model | RL steps | pass@1 | pass@${n} | crossover k vs base | mean tokens correct | mean tokens incorrect | truncated |`,
    '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...report.models.map(
      (m) =>
        `| ${m.name} | ${m.name === 'sft' ? 0 : m.step} | ${pct(m.pass_at_1)} | ${pct(m.pass_at_n)} | ${crossoverText(m)} | ` +
        `${num(m.mean_tokens_correct)} | ${num(m.mean_tokens_incorrect)} | ${pct(m.truncated_frac)} |`,
    ),
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
