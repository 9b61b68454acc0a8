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
