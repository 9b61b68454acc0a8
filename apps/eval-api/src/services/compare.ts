import { ApiError } from '../errors.js';
import { cachedBoardRead } from './board-cache.js';
import { comparisonWarnings } from './compare-warnings.js';
import { findRun, problemCounts, type RunRow } from './runs.js';
import { compareRuns, type Report } from './scoring-packages.js';
import { decodeReport } from './stored-json.js';

export interface RunSide {
  id: string;
  model: string;
  base_model: string | null;
  method: string;
  step: number | null;
  task: string;
  taskset: string;
  k: number[];
}

async function scoredRun(db: D1Database, id: string, field: 'a' | 'b'): Promise<RunRow & { report: string }> {
  const run = await findRun(db, id);
  if (!run) throw new ApiError('not_found', `${field}: no run ${id}`, { field: `query.${field}` });
  if (run.status !== 'scored' || run.report === null) {
    throw new ApiError('invalid_state', `${field}: run ${id} is ${run.status}, not scored`, {
      field: `query.${field}`,
    });
  }
  return run as RunRow & { report: string };
}

function sideOf(run: RunRow, report: Report): RunSide {
  return {
    id: run.id,
    model: run.model,
    base_model: run.base_model,
    method: run.method,
    step: run.step,
    task: run.task,
    taskset: run.taskset,
    k: report.k,
  };
}

/** ks both reports share, ascending. */
export function commonKs(a: readonly number[], b: readonly number[]): number[] {
  const inB = new Set(b);
  return a.filter((k) => inB.has(k)).sort((x, y) => x - y);
}

/**
 * Both pass@k curves on the common k grid, the paired difference with its bootstrap interval at each k,
 * and the crossover k, over the problems both runs scored; `warnings` names the settings in which they differ.
 */
export async function compareScoredRuns(db: D1Database, aId: string, bId: string, seed: number) {
  const [a, b] = await Promise.all([scoredRun(db, aId, 'a'), scoredRun(db, bId, 'b')]);
  if (a.task !== b.task) {
    throw new ApiError('invalid_request', `b: run ${b.id} is ${b.task}, run ${a.id} is ${a.task}`, {
      field: 'query.b',
    });
  }
  const reportA = decodeReport(a.report);
  const reportB = decodeReport(b.report);
  const ks = commonKs(reportA.k, reportB.k);
  if (ks.length === 0) throw new ApiError('invalid_request', 'the runs share no k', { field: 'query.b' });
  const [problemsA, problemsB] = await Promise.all([problemCounts(db, a.id), problemCounts(db, b.id)]);
  const comparison = compareRuns(problemsA, problemsB, ks, { seed });
  return { a: sideOf(a, reportA), b: sideOf(b, reportB), warnings: comparisonWarnings(a, b), ...comparison };
}

/**
 * compareScoredRuns, cached per pair, seed and board version: a comparison bootstraps (thousands of
 * resamples), and what it reads changes only by writes to scored runs, which move the version. Errors (a run
 * missing or unscored) are not cached. The API and the compare page share the entries. `beforeBootstrap` runs
 * on a miss only, before the work: every seed is a bootstrap of its own, so the caller counts misses against
 * a limit.
 */
export function cachedComparison(
  db: D1Database,
  aId: string,
  bId: string,
  seed: number,
  beforeBootstrap: () => Promise<void>,
) {
  return cachedBoardRead(db, 'compare', { a: aId, b: bId, seed }, async () => {
    await beforeBootstrap();
    return compareScoredRuns(db, aId, bId, seed);
  });
}
