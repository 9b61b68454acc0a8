import type { ScoreChunkMessage } from '../env.js';
import { ApiError } from '../errors.js';
import { findRun, type RunRow } from './runs.js';

// Queue.sendBatch takes at most 100 messages.
const SEND_BATCH_SIZE = 100;

/**
 * Moves an uploaded run from pending to scoring and enqueues one message per chunk. Finalizing a run that is
 * already scoring or scored changes nothing (a retried finalize is safe).
 */
export async function finalizeRun(
  db: D1Database,
  queue: Queue<ScoreChunkMessage>,
  run: RunRow,
): Promise<RunRow> {
  if (run.status === 'scoring' || run.status === 'scored') return run;
  if (run.status === 'failed')
    throw new ApiError('invalid_state', `run ${run.id} failed: ${run.failure_reason ?? ''}`);
  if (run.generations_digest === null) {
    throw new ApiError('invalid_state', `upload the generations of run ${run.id} before finalizing it`);
  }
  const now = new Date().toISOString();
  const claimed = await db
    .prepare("UPDATE runs SET status = 'scoring', updated_at = ? WHERE id = ? AND status = 'pending'")
    .bind(now, run.id)
    .run();
  if (claimed.meta.changes === 1) {
    const { results } = await db
      .prepare('SELECT chunk_index FROM run_chunks WHERE run_id = ? ORDER BY chunk_index')
      .bind(run.id)
      .all<{ chunk_index: number }>();
    try {
      for (let start = 0; start < results.length; start += SEND_BATCH_SIZE) {
        const messages = results
          .slice(start, start + SEND_BATCH_SIZE)
          .map((row) => ({ body: { runId: run.id, chunkIndex: row.chunk_index } }));
        await queue.sendBatch(messages);
      }
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
