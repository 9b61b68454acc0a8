import type { ScoreChunkMessage } from '../env.js';

// Queue.sendBatch takes at most 100 messages.
const SEND_BATCH_SIZE = 100;

/** One scoring message per chunk index, in batches the queue accepts. */
export async function enqueueChunks(
  queue: Queue<ScoreChunkMessage>,
  runId: string,
  chunkIndexes: readonly number[],
): Promise<void> {
  for (let start = 0; start < chunkIndexes.length; start += SEND_BATCH_SIZE) {
    const batch = chunkIndexes.slice(start, start + SEND_BATCH_SIZE);
    await queue.sendBatch(batch.map((chunkIndex) => ({ body: { runId, chunkIndex } })));
  }
}

/** One scoring message for every chunk of the run, in chunk order (finalize, re-score). */
export async function enqueueRunChunks(
  db: D1Database,
  queue: Queue<ScoreChunkMessage>,
  runId: string,
): Promise<void> {
  const { results } = await db
    .prepare('SELECT chunk_index FROM run_chunks WHERE run_id = ? ORDER BY chunk_index')
    .bind(runId)
    .all<{ chunk_index: number }>();
  await enqueueChunks(
    queue,
    runId,
    results.map((row) => row.chunk_index),
  );
}
