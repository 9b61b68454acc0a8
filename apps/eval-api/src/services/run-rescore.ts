import type { ScoreChunkMessage } from '../env.js';
import { ApiError } from '../errors.js';
import { enqueueRunChunks } from './chunk-queue.js';
import { findRun, type RunRow } from './runs.js';
import { modesFor, type Task, verifierVersion } from './scoring-packages.js';

export interface RescoreResult {
  run: RunRow;
  /** whether this call queued the run; false when it was already being scored or already current */
  queued: boolean;
}

/** Whether the run's ranking mode and every stored mode were scored by today's verifier versions. */
async function scoredByCurrentVerifiers(db: D1Database, run: RunRow): Promise<boolean> {
  const task = run.task as Task;
  if (run.verifier_version !== verifierVersion(task, run.mode)) return false;
  const { results } = await db
    .prepare('SELECT mode, verifier_version FROM run_modes WHERE run_id = ?')
    .bind(run.id)
    .all<{ mode: string; verifier_version: number }>();
  const stored = new Map(results.map((row) => [row.mode, row.verifier_version]));
  return modesFor(task).every((mode) => stored.get(mode) === verifierVersion(task, mode));
}

/**
 * Re-scores a scored run from its stored generations through the queue, with today's verifiers. Idempotent: a
 * run already being scored, or scored by the current version of every mode, is left as it is. The claim is
 * one D1 batch that applies only while the run is still scored: its chunks (one covering the whole file for a
 * run scored inline) lose their aggregates and the run moves to `scoring`, so of two concurrent calls one
 * queues it. The run leaves the board until its new report is stored.
 */
export async function rescoreRun(
  db: D1Database,
  queue: Queue<ScoreChunkMessage>,
  run: RunRow,
): Promise<RescoreResult> {
  if (run.status === 'scoring') return { run, queued: false };
  if (run.status !== 'scored')
    throw new ApiError('invalid_state', `run ${run.id} is ${run.status}; only a scored run can be re-scored`);
  if (run.generations_key === null && run.generations_digest === null)
    throw new ApiError('invalid_state', `run ${run.id} has no stored generations to re-score`);
  if (await scoredByCurrentVerifiers(db, run)) return { run, queued: false };
  const stillScored = "EXISTS (SELECT 1 FROM runs WHERE id = ?1 AND status = 'scored')";
  const [, , claim] = await db.batch([
    db
      .prepare(
        `INSERT INTO run_chunks (run_id, chunk_index, byte_start, byte_end, line_start)
         SELECT ?1, 0, 0, ?2, 1
         WHERE ${stillScored} AND NOT EXISTS (SELECT 1 FROM run_chunks WHERE run_id = ?1)`,
      )
      .bind(run.id, run.generations_bytes ?? 0),
    db
      .prepare(
        `UPDATE run_chunks SET aggregates = NULL, mode_tally = NULL WHERE run_id = ?1 AND ${stillScored}`,
      )
      .bind(run.id),
    db
      .prepare("UPDATE runs SET status = 'scoring', updated_at = ?2 WHERE id = ?1 AND status = 'scored'")
      .bind(run.id, new Date().toISOString()),
  ]);
  // The board-version trigger's write counts in `changes` too: any change means this call claimed the run.
  const claimed = (claim?.meta.changes ?? 0) > 0;
  const current = (await findRun(db, run.id)) ?? run;
  if (!claimed) return { run: current, queued: false };
  // Should the queue refuse now, the stalled-run sweep sends these messages later: the run is scoring and its
  // chunks have no aggregates.
  await enqueueRunChunks(db, queue, run.id).catch((error: unknown) =>
    console.error(`rescore ${run.id}: enqueue failed, left to the sweep`, error),
  );
  return { run: current, queued: true };
}
