import { cachedBoardRead } from './board-cache.js';
import type { Report } from './scoring-packages.js';
import { decodeReport } from './stored-json.js';

export type CurveReport = Pick<Report, 'mode' | 'k' | 'pass_at_k' | 'pass_at_k_ci' | 'degenerate'>;

export interface RunCurve {
  run_id: string;
  model: string;
  method: string;
  report: CurveReport;
}

/**
 * The task and taskset of the most recently scored run (of `task`, when given), or null when there is none:
 * what the board opens on when the address names no taskset, so that it never opens empty while runs exist.
 */
export function latestScoredBoard(
  db: D1Database,
  task?: string,
): Promise<{ task: string; taskset: string } | null> {
  return cachedBoardRead(db, 'latest-board', { task }, async () => {
    const row = await db
      .prepare(
        `SELECT task, taskset FROM runs WHERE status = 'scored' AND (?1 IS NULL OR task = ?1)
         ORDER BY updated_at DESC, id DESC LIMIT 1`,
      )
      .bind(task ?? null)
      .first<{ task: string; taskset: string }>();
    return row ?? null;
  });
}

/** The pass@k curves (k grid, pass@k, intervals) of some scored runs, in the order asked; cached. */
export function runCurves(db: D1Database, runIds: readonly string[]): Promise<RunCurve[]> {
  if (runIds.length === 0) return Promise.resolve([]);
  return cachedBoardRead(db, 'curves', { ids: runIds.join(',') }, async () => {
    const { results } = await db
      .prepare(
        `SELECT id, model, method, report FROM runs
         WHERE status = 'scored' AND id IN (${runIds.map(() => '?').join(', ')})`,
      )
      .bind(...runIds)
      .all<{ id: string; model: string; method: string; report: string }>();
    const byId = new Map(results.map((row) => [row.id, row]));
    return runIds.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      const { mode, k, pass_at_k, pass_at_k_ci, degenerate } = decodeReport(row.report);
      const report: CurveReport = { mode, k, pass_at_k, pass_at_k_ci, ...(degenerate ? { degenerate } : {}) };
      return [{ run_id: row.id, model: row.model, method: row.method, report }];
    });
  });
}
