import { type CrossoverPoint, catchUpIndex, crossoverK } from '../crossover/crossover-k.js';
import { assertCount, MetricsError } from '../errors.js';
import { normaliseKs, powersOfTwoGrid } from '../k-grid/k-grid.js';
import { assertKsWithin, columnMeans, passAtKTable, smallestProblem } from '../report/problem-table.js';
import { type BootstrapOptions, percentileInterval, resampleColumnMeans } from '../uncertainty/bootstrap.js';
import { type CoverageTest, coverageSplit, exactMcNemar } from './coverage-test.js';
import { planSampleSize, type SampleSizePlan } from './sample-size-plan.js';

export interface RunProblem {
  problem_id: string;
  n: number;
  c: number;
}

export interface ComparePoint {
  k: number;
  /** pass@k of run a and run b over the common problems */
  a: number;
  b: number;
  /** a - b */
  diff: number;
  /** 95% paired bootstrap interval of diff (the same resampled problems for both runs) */
  low: number;
  high: number;
}

export interface CrossoverResult extends CrossoverPoint {
  /**
   * Share of bootstrap resamples in which the run behind at the first k (in the full data) is
   * ahead or tied at some k of the grid; null when the runs tie at the first k.
   */
  probability: number | null;
  /**
   * 95% interval of the crossover k over the resamples (nearest rank, resamples without a
   * crossover ranked after every k); null when that end of the interval has no crossover.
   */
  low: number | null;
  high: number | null;
  /** fraction of resamples whose crossover is at each k (ks without any are left out) */
  distribution: { [k: string]: number };
}

export interface RunComparison {
  /** Only problems present in both runs are compared. */
  problems: { common: number; only_a: number; only_b: number };
  note: string;
  k: number[];
  points: ComparePoint[];
  crossover: CrossoverResult;
  /** the common problems solved at k = n (by some sample) by a only, by b only, by both, by neither */
  coverage: Record<'only_a' | 'only_b' | 'both' | 'neither', { count: number; ids: string[] }>;
  /** exact McNemar test of only_a against only_b */
  coverage_test: CoverageTest;
  /** how many samples per problem would bring the crossover-k interval within the planned width */
  sample_size_plan: SampleSizePlan;
}

export interface CompareOptions extends BootstrapOptions {
  /** the crossover-k interval width the sample-size plan aims at, in doublings of k (default 1) */
  planWidth?: number;
}

/**
 * Compares two runs curve against curve on the problems they share: pass@k of each, the paired
 * difference a - b with its bootstrap interval at each k, and the crossover k with its uncertainty.
 * ks default to 1, 2, 4, ... up to the smallest n among the common problems.
 */
export function compareRuns(
  a: ReadonlyArray<RunProblem>,
  b: ReadonlyArray<RunProblem>,
  ks?: ReadonlyArray<number>,
  options: CompareOptions = {},
): RunComparison {
  const inA = byId(a, 'a');
  const inB = byId(b, 'b');
  const common = [...inA.keys()].filter((id) => inB.has(id));
  if (common.length === 0) throw new MetricsError('the two runs have no problem in common');
  const rowsA = common.map((id) => inA.get(id) as RunProblem);
  const rowsB = common.map((id) => inB.get(id) as RunProblem);
  const both = [...rowsA, ...rowsB];
  const grid = ks ? normaliseKs(ks) : powersOfTwoGrid(smallestProblem(both).n);
  if (grid.length === 0) throw new MetricsError('at least one k is needed');
  assertKsWithin(grid, both);

  // One row per common problem: a's pass@k at every k, then b's, resampled together (paired).
  const K = grid.length;
  const tableA = passAtKTable(rowsA, grid).values;
  const tableB = passAtKTable(rowsB, grid).values;
  const paired = new Float64Array(common.length * 2 * K);
  for (let p = 0; p < common.length; p++) {
    paired.set(tableA.subarray(p * K, (p + 1) * K), p * 2 * K);
    paired.set(tableB.subarray(p * K, (p + 1) * K), p * 2 * K + K);
  }
  const means = columnMeans(paired, 2 * K);
  const meansA = means.subarray(0, K);
  const meansB = means.subarray(K);
  const resampled = resampleColumnMeans(paired, 2 * K, options);
  const diffs = resampledDiffs(resampled, K);

  return {
    problems: { common: common.length, only_a: inA.size - common.length, only_b: inB.size - common.length },
    note: 'Only problems present in both runs are compared.',
    k: grid,
    points: grid.map((k, j) => ({
      k,
      a: meansA[j] as number,
      b: meansB[j] as number,
      diff: (meansA[j] as number) - (meansB[j] as number),
      ...percentileInterval(diffs, K, j),
    })),
    crossover: crossoverWithUncertainty(grid, meansA, meansB, resampled),
    ...coverageOf(rowsA, rowsB),
    sample_size_plan: planSampleSize(rowsA, rowsB, grid, options.planWidth ?? 1),
  };
}

function coverageOf(rowsA: ReadonlyArray<RunProblem>, rowsB: ReadonlyArray<RunProblem>) {
  const split = coverageSplit(rowsA, rowsB);
  const group = (ids: string[]) => ({ count: ids.length, ids });
  return {
    coverage: {
      only_a: group(split.only_a),
      only_b: group(split.only_b),
      both: group(split.both),
      neither: group(split.neither),
    },
    coverage_test: exactMcNemar(split.only_a.length, split.only_b.length),
  };
}

function byId(run: ReadonlyArray<RunProblem>, name: string): Map<string, RunProblem> {
  const map = new Map<string, RunProblem>();
  for (const problem of run) {
    if (map.has(problem.problem_id)) {
      throw new MetricsError(`run ${name} lists problem ${problem.problem_id} twice`);
    }
    assertCount(problem.n, `n of problem ${problem.problem_id}`, 1);
    map.set(problem.problem_id, problem);
  }
  return map;
}

function resampledDiffs(resampled: Float64Array, K: number): Float64Array {
  const resamples = resampled.length / (2 * K);
  const diffs = new Float64Array(resamples * K);
  for (let r = 0; r < resamples; r++) {
    for (let j = 0; j < K; j++) {
      diffs[r * K + j] = (resampled[r * 2 * K + j] as number) - (resampled[r * 2 * K + K + j] as number);
    }
  }
  return diffs;
}

/**
 * The crossover of the full data, and its bootstrap distribution: in each resample, the first k
 * at which the run behind at the first k of the full data is ahead or tied (possibly the first k).
 */
function crossoverWithUncertainty(
  ks: ReadonlyArray<number>,
  meansA: Float64Array,
  meansB: Float64Array,
  resampled: Float64Array,
): CrossoverResult {
  const point = crossoverK(ks, meansA, meansB);
  if (point.behind === null) return { ...point, probability: null, low: null, high: null, distribution: {} };
  const K = ks.length;
  const resamples = resampled.length / (2 * K);
  // Index of the crossover k per resample; K stands for "no crossover within the grid".
  const indices = new Int32Array(resamples);
  const counts = new Array<number>(K + 1).fill(0);
  for (let r = 0; r < resamples; r++) {
    const row = resampled.subarray(r * 2 * K, (r + 1) * 2 * K);
    const index = catchUpIndex(row.subarray(0, K), row.subarray(K), point.behind, 0) ?? K;
    indices[r] = index;
    counts[index] = (counts[index] ?? 0) + 1;
  }
  indices.sort();
  const kAtRank = (q: number): number | null => {
    const index = indices[Math.min(resamples - 1, Math.max(0, Math.ceil(q * resamples) - 1))] as number;
    return index === K ? null : (ks[index] as number);
  };
  const distribution: { [k: string]: number } = {};
  ks.forEach((k, j) => {
    const count = counts[j] ?? 0;
    if (count > 0) distribution[String(k)] = count / resamples;
  });
  return {
    ...point,
    probability: (resamples - (counts[K] ?? 0)) / resamples,
    low: kAtRank(0.025),
    high: kAtRank(0.975),
    distribution,
  };
}
