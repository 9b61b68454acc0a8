// Benchmark of @crossover/metrics (the BUILT package: run `npx tsc -p tsconfig.build.json` in
// packages/metrics first). Prints times with a baseline measured in the same run.
//   node bench/metrics.mjs
import { pathToFileURL } from 'node:url';
import {
  buildReport,
  majAtKFromGroups,
  mulberry32,
  passAtKCurve,
  quarterPowerGrid,
  resampleColumnMeans,
} from '@crossover/metrics';

const PROBLEMS = 1319; // GSM8K test
const N = 1024;

/** Median wall time of `repeats` runs after one warm-up run, in milliseconds. */
function time(fn, repeats = 7) {
  fn();
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The naive way: each k recomputes 1 - C(n-c,k)/C(n,k) as a product of k factors, O(n^2) a problem. */
function naiveCurve(n, c) {
  const curve = new Float64Array(n);
  for (let k = 1; k <= n; k++) {
    let allWrong = 1;
    for (let i = 0; i < k; i++) allWrong *= (n - c - i) / (n - i);
    curve[k - 1] = 1 - allWrong;
  }
  return curve;
}

function randomCounts(seed) {
  const random = mulberry32(seed);
  return Array.from({ length: PROBLEMS }, () => Math.floor(random() * (N + 1)));
}

function curvesRow() {
  const counts = randomCounts(1);
  let sink = 0;
  const ms = time(() => {
    for (const c of counts) sink += passAtKCurve(N, c)[N - 1];
  });
  const baselineMs = time(() => {
    for (const c of counts) sink += naiveCurve(N, c)[N - 1];
  }, 1);
  return {
    name: `pass@k curves k=1..${N}, ${PROBLEMS} problems, n=${N}, random c`,
    ms,
    baseline: 'naive per-k product loop, O(n*k)',
    baseline_ms: baselineMs,
    ratio: baselineMs / ms,
    sink,
  };
}

function scoredSamples(problems, perProblem, seed) {
  const random = mulberry32(seed);
  const samples = [];
  for (let p = 0; p < problems; p++) {
    const skill = random();
    for (let s = 0; s < perProblem; s++) {
      const correct = random() < skill;
      const extracted = correct ? '42' : random() < 0.1 ? null : String(Math.floor(random() * 6));
      samples.push({
        problem_id: `gsm8k/test/${p}`,
        correct,
        extracted,
        reason: correct ? 'correct' : extracted === null ? 'no_answer' : 'wrong_answer',
        num_tokens: 100 + Math.floor(random() * 400),
        chars: 400 + Math.floor(random() * 1600),
      });
    }
  }
  return samples;
}

function reportRow(problems, perProblem, repeats) {
  const samples = scoredSamples(problems, perProblem, 2);
  const input = { task: 'gsm8k', mode: 'strict', taskset: null, samples };
  const ks = buildReport({ ...input, bootstrap: { resamples: 1 } }).k;
  return {
    name: `buildReport, ${problems} problems x ${perProblem} samples (k=${ks.join(',')}; 1000 bootstrap resamples, maj@k, lengths)`,
    ms: time(() => buildReport(input), repeats),
  };
}

function bootstrapRow() {
  const random = mulberry32(3);
  const ks = 10;
  const rows = Float64Array.from({ length: PROBLEMS * ks }, () => random());
  const ms = time(() => resampleColumnMeans(rows, ks, { resamples: 1000, seed: 0 }));
  // Baseline: copying a resampled problem list per resample (the straightforward way) and averaging.
  const baselineMs = time(() => {
    const draw = mulberry32(0);
    for (let b = 0; b < 1000; b++) {
      const picked = Array.from({ length: PROBLEMS }, () => Math.floor(draw() * PROBLEMS));
      for (let j = 0; j < ks; j++) picked.reduce((sum, p) => sum + rows[p * ks + j], 0);
    }
  }, 3);
  return {
    name: `bootstrap, ${PROBLEMS} problems x ${ks} ks x 1000 resamples`,
    ms,
    baseline: 'per-resample index arrays and per-k reduce',
    baseline_ms: baselineMs,
    ratio: baselineMs / ms,
  };
}

function majRow() {
  // 100 problems with n = 1024: one right answer and a spread of wrong ones, maj@k on the quarter-power grid.
  const random = mulberry32(4);
  const problems = Array.from({ length: 100 }, () => {
    const right = Math.floor(random() * 700);
    let left = N - right;
    const groups = [{ count: right, correct: true }];
    while (left > 0) {
      const count = Math.min(left, 1 + Math.floor(random() ** 3 * 300));
      groups.push({ count, correct: false });
      left -= count;
    }
    return groups.filter((g) => g.count > 0);
  });
  const ks = quarterPowerGrid(N);
  const ms = time(() => {
    for (const groups of problems) for (const k of ks) majAtKFromGroups(groups, 0, k);
  }, 1);
  return { name: `maj@k, 100 problems x n=${N} x ${ks.length} ks (quarter-power grid)`, ms };
}

export function main() {
  const rows = [curvesRow(), reportRow(PROBLEMS, 16, 7), reportRow(100, N, 1), bootstrapRow(), majRow()];
  for (const row of rows) {
    const base =
      row.baseline_ms === undefined
        ? ''
        : `   baseline ${row.baseline_ms.toFixed(1)} ms (${row.baseline}), ratio ${row.ratio.toFixed(1)}x`;
    console.log(`${row.name}: ${row.ms.toFixed(2)} ms${base}`);
  }
  return rows.map(({ sink: _sink, ...row }) => row);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
