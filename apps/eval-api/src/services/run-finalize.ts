import type { ScoreChunkMessage } from '../env.js';
import { ApiError } from '../errors.js';
import { enqueueRunChunks } from './chunk-queue.js';
import { listParts, partsDigest, partsUnchangedSql, type RunPartRow } from './run-parts.js';
import { findRun, findRunIdByDigest, isUniqueViolation, type RunRow } from './runs.js';

export interface FinalizeOptions {
  /** The largest run, in decompressed bytes of all its parts. */
  maxRunBytes: number;
  /** The number of parts the client uploaded, when it says: any other count is refused. */
  expectedParts?: number | undefined;
}

/** Parts 1 to n, no gap, as many as the client said, within the run limit: or the error that says which not. */
function checkParts(run: RunRow, parts: readonly RunPartRow[], options: FinalizeOptions): void {
  if (parts.length === 0 && run.generations_digest === null)
    throw new ApiError('invalid_state', `upload the generations of run ${run.id} before finalizing it`);
  const gap = parts.findIndex((row, index) => row.part !== index + 1);
  if (gap !== -1)
    throw new ApiError('invalid_state', `part ${gap + 1} of run ${run.id} is missing`, { part: gap + 1 });
  if (options.expectedParts !== undefined && options.expectedParts !== parts.length) {
    throw new ApiError(
      'invalid_state',
      `run ${run.id} has ${parts.length} parts, not the ${options.expectedParts} this finalize expects`,
      { field: 'parts' },
    );
  }
  const bytes = parts.reduce((sum, row) => sum + row.bytes, 0);
  if (bytes > options.maxRunBytes) {
    throw new ApiError(
      'payload_too_large',
      `run ${run.id} is ${bytes} bytes, over the limit of ${options.maxRunBytes} bytes a run`,
    );
  }
}

function duplicateGenerations(runId: string): ApiError {
  return new ApiError('duplicate_generations', `these generations were already submitted as run ${runId}`, {
    run_id: runId,
  });
}

/**
 * Claims a pending run for scoring with its parts as they are now: its digest over the parts in part order,
 * its totals, only if no part changed since they were read. The same generations in another run that is
 * scoring or scored are a 409 naming it. Returns whether this call claimed the run.
 */
async function claim(db: D1Database, run: RunRow, parts: readonly RunPartRow[]): Promise<boolean> {
  const now = new Date().toISOString();
  if (parts.length === 0) {
    // Uploaded before parts existed: the run's own file and chunk rows.
    const claimed = await db
      .prepare("UPDATE runs SET status = 'scoring', updated_at = ? WHERE id = ? AND status = 'pending'")
      .bind(now, run.id)
      .run();
    return claimed.meta.changes === 1;
  }
  const digest = await partsDigest(parts.map((row) => row.digest));
  const bytes = parts.reduce((sum, row) => sum + row.bytes, 0);
  const records = parts.reduce((sum, row) => sum + row.records, 0);
  try {
    const claimed = await db
      .prepare(
        `UPDATE runs SET status = 'scoring', generations_digest = ?2, generations_bytes = ?3, n_records = ?4,
           updated_at = ?5
         WHERE id = ?1 AND status = 'pending' AND ${partsUnchangedSql('?6', '?7')}`,
      )
      .bind(run.id, digest, bytes, records, now, JSON.stringify(parts.map((row) => row.key)), parts.length)
      .run();
    if (claimed.meta.changes === 1) return true;
  } catch (error) {
    if (!isUniqueViolation(error, 'runs.generations_digest')) throw error;
    const owner = await findRunIdByDigest(db, digest);
    throw owner
      ? duplicateGenerations(owner)
      : new ApiError('conflict', 'these generations were just submitted');
  }
  const current = await findRun(db, run.id);
  if (current?.status === 'pending')
    throw new ApiError('conflict', `a part of run ${run.id} was uploaded while finalizing; finalize again`);
  return false;
}

/**
 * Moves an uploaded run from pending to scoring and enqueues one message per chunk: its parts are joined in
 * part order. Finalizing a run that is already scoring or scored changes nothing (a retried finalize is safe).
 */
export async function finalizeRun(
  db: D1Database,
  queue: Queue<ScoreChunkMessage>,
  run: RunRow,
  options: FinalizeOptions,
): Promise<RunRow> {
  if (run.status === 'scoring' || run.status === 'scored') return run;
  if (run.status === 'failed')
    throw new ApiError('invalid_state', `run ${run.id} failed: ${run.failure_reason ?? ''}`);
  const parts = await listParts(db, run.id);
  checkParts(run, parts, options);
  if (await claim(db, run, parts)) {
    try {
      await enqueueRunChunks(db, queue, run.id);
    } catch (error) {
      // Nothing will score it: let the client finalize again.
      await db
        .prepare("UPDATE runs SET status = 'pending' WHERE id = ? AND status = 'scoring'")
        .bind(run.id)
        .run();
      throw error;
    }
  }
  return (await findRun(db, run.id)) ?? run;
}
