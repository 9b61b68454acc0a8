import { createApp } from './app.js';
import type { Bindings, ScoreChunkMessage } from './env.js';
import { settingsFrom } from './env.js';
import { failExhaustedChunk, scoreChunk } from './services/chunk-scoring.js';
import { requeueStalledRuns } from './services/stalled-runs.js';

const app = createApp();

/** Names of the dead-letter queue(s): their messages fail their run instead of being scored. */
function isDeadLetterQueue(queue: string): boolean {
  return queue.endsWith('-dlq');
}

/** Scores chunks of uploaded runs; a failed message is retried, then lands in the dead-letter queue. */
async function handleQueue(
  batch: MessageBatch<ScoreChunkMessage>,
  env: Bindings,
  _ctx: ExecutionContext,
): Promise<void> {
  settingsFrom(env);
  for (const message of batch.messages) {
    try {
      if (isDeadLetterQueue(batch.queue)) await failExhaustedChunk(env, message.body, message.attempts);
      else await scoreChunk(env, message.body);
      message.ack();
    } catch (error) {
      console.error(`scoring ${JSON.stringify(message.body)} failed (attempt ${message.attempts}):`, error);
      message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
    }
  }
}

/** The cron trigger: picks up runs whose scoring messages were lost, so no run stays `scoring` forever. */
async function handleScheduled(_controller: ScheduledController, env: Bindings, _ctx: ExecutionContext) {
  const { stalledAfterSeconds } = settingsFrom(env);
  const sweep = await requeueStalledRuns(env.DB, env.SCORING_QUEUE, stalledAfterSeconds);
  if (sweep.runs.length > 0)
    console.log(`re-enqueued ${sweep.chunks} chunk(s) of stalled run(s) ${sweep.runs.join(', ')}`);
}

export default {
  fetch: app.fetch,
  queue: handleQueue,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Bindings, ScoreChunkMessage>;
