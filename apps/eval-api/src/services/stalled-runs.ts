import type { ScoreChunkMessage } from '../env.js';
import { enqueueChunks } from './chunk-queue.js';

/** Runs looked at per sweep, so that one sweep stays within a Worker's limits. */
const MAX_RUNS_PER_SWEEP = 50;

export interface StalledSweep {
  runs: string[];
  chunks: number;
}

/**
 * Re-enqueues the unscored chunks of runs that have been `scoring` for longer than `stalledAfterSeconds`
 * without finishing: their messages were lost (a local Worker restarted, a queue outage) or are stuck. Safe at
 * any time: a chunk's aggregates overwrite its row, so a chunk scored twice still counts once, and a run is
 * marked scored only once every chunk has its row. The run's `updated_at` moves forward, so the next sweep
 * waits again before touching it.
 */
export async function requeueStalledRuns(
  db: D1Database,
  queue: Queue<ScoreChunkMessage>,
  stalledAfterSeconds: number,
  now = new Date(),
): Promise<StalledSweep> {
  const cutoff = new Date(now.getTime() - stalledAfterSeconds * 1000).toISOString();
  const { results: runs } = await db
    .prepare("SELECT id FROM runs WHERE status = 'scoring' AND updated_at <= ? ORDER BY updated_at LIMIT ?")
    .bind(cutoff, MAX_RUNS_PER_SWEEP)
    .all<{ id: string }>();
  const sweep: StalledSweep = { runs: [], chunks: 0 };
  for (const { id } of runs) {
    const { results: chunks } = await db
      .prepare(
        'SELECT chunk_index FROM run_chunks WHERE run_id = ? AND aggregates IS NULL ORDER BY chunk_index',
      )
      .bind(id)
      .all<{ chunk_index: number }>();
    // Every chunk scored but the run not completed: one message for any chunk lets the consumer finish it.
    const indexes = chunks.length > 0 ? chunks.map((row) => row.chunk_index) : [0];
    await enqueueChunks(queue, id, indexes);
    await db
      .prepare("UPDATE runs SET updated_at = ? WHERE id = ? AND status = 'scoring'")
      .bind(now.toISOString(), id)
      .run();
    sweep.runs.push(id);
    sweep.chunks += indexes.length;
  }
  return sweep;
}
