import { ApiError } from '../errors.js';
import { cachedBoardRead } from './board-cache.js';
import { assertModeOf } from './board-filters.js';
import { comparisonWarnings } from './compare-warnings.js';
import { modeProblemCounts } from './run-modes.js';
import { findRun, problemCounts, type RunRow } from './runs.js';
import { compareRuns, defaultMode, type Report, type RunProblem, type Task } from './scoring-packages.js';
import { decodeReport } from './stored-json.js';

export interface RunSide {
  id: string;
  model: string;
  base_model: string | null;
  method: string;
  step: number | null;
  task: string;
  taskset: string;
  /** the verifier mode this side's curve was computed under */
  mode: string;
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

function sideOf(run: RunRow, report: Report, mode: string): RunSide {
  return {
    id: run.id,
    model: run.model,
    base_model: run.base_model,
    method: run.method,
    step: run.step,
    task: run.task,
    taskset: run.taskset,
    mode,
    k: report.k,
  };
}

/** ks both reports share, ascending. */
export function commonKs(a: readonly number[], b: readonly number[]): number[] {
  const inB = new Set(b);
  return a.filter((k) => inB.has(k)).sort((x, y) => x - y);
}

/** A run's (n, c) per problem under a mode: its own rows for its ranking mode, else its stored mode scores. */
async function countsUnder(db: D1Database, run: RunRow, mode: string): Promise<RunProblem[] | null> {
  return mode === run.mode ? problemCounts(db, run.id) : modeProblemCounts(db, run.id, mode);
}

interface ComparedCounts {
  modes: [string, string];
  counts: [RunProblem[], RunProblem[]];
}

/**
 * Under `mode` when asked (both runs must have scores under it); else under the task's default mode where both
 * runs have it, else each run under its own ranking mode (a `mode` warning then says so).
 */
async function comparedCounts(db: D1Database, a: RunRow, b: RunRow, asked?: string): Promise<ComparedCounts> {
  const mode = asked ?? defaultMode(a.task as Task);
  const [countsA, countsB] = await Promise.all([countsUnder(db, a, mode), countsUnder(db, b, mode)]);
  if (countsA && countsB) return { modes: [mode, mode], counts: [countsA, countsB] };
  if (asked !== undefined) {
    const missing = countsA ? b : a;
    throw new ApiError(
      'invalid_state',
      `mode: run ${missing.id} has no scores under ${asked} (scored before every mode was stored; an admin can re-score it)`,
      { field: 'query.mode' },
    );
  }
  const [ownA, ownB] = await Promise.all([problemCounts(db, a.id), problemCounts(db, b.id)]);
  return { modes: [a.mode, b.mode], counts: [ownA, ownB] };
}

/**
 * Both pass@k curves on the common k grid, the paired difference with its bootstrap interval at each k,
 * and the crossover k, over the problems both runs scored; `warnings` names the settings in which they differ.
 */
/** What a comparison is asked: the runs, the bootstrap seed, the mode, and the width the plan aims at. */
export interface CompareRequest {
  a: string;
  b: string;
  seed: number;
  mode?: string | undefined;
  planWidth: number;
}

export async function compareScoredRuns(db: D1Database, request: CompareRequest) {
  const { seed, mode } = request;
  const [a, b] = await Promise.all([scoredRun(db, request.a, 'a'), scoredRun(db, request.b, 'b')]);
  if (a.task !== b.task) {
    throw new ApiError('invalid_request', `b: run ${b.id} is ${b.task}, run ${a.id} is ${a.task}`, {
      field: 'query.b',
    });
  }
  assertModeOf(a.task as Task, mode);
  const reportA = decodeReport(a.report);
  const reportB = decodeReport(b.report);
  const ks = commonKs(reportA.k, reportB.k);
  if (ks.length === 0) throw new ApiError('invalid_request', 'the runs share no k', { field: 'query.b' });
  const { modes, counts } = await comparedCounts(db, a, b, mode);
  const comparison = compareRuns(counts[0], counts[1], ks, { seed, planWidth: request.planWidth });
  return {
    a: sideOf(a, reportA, modes[0]),
    b: sideOf(b, reportB, modes[1]),
    // The mode compared, not the one each run is ranked by, is what the curves measure.
    warnings: comparisonWarnings({ ...a, mode: modes[0] }, { ...b, mode: modes[1] }),
    ...comparison,
  };
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
  request: CompareRequest,
  beforeBootstrap: () => Promise<void>,
) {
  const { a, b, seed, mode, planWidth } = request;
  return cachedBoardRead(db, 'compare', { a, b, seed, mode, plan_width: planWidth }, async () => {
    await beforeBootstrap();
    return compareScoredRuns(db, request);
  });
}
