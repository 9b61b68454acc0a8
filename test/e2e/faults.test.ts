// Faults: the Worker is killed in the middle of scoring a large uploaded run and started again on the same
// local storage. The run must end scored exactly once (the same report as scoring the file in one go) or failed
// with a reason — never half-counted, never stuck.
import { join } from 'node:path';
import { type Gsm8kProblem, loadShippedTaskset, scoreGenerations } from '@crossover/tasks';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalWorker } from '../../apps/eval-api/scripts/local-worker.mjs';
import { issueKey, startWorker, tempDir, waitFor } from './support.js';

const gsm8k = loadShippedTaskset('gsm8k/test');
const SAMPLES = 24;
// Small chunks and a short stall time, so that the restarted Worker's cron sweep picks the run up at once.
const VARS = { CHUNK_RECORDS: '2000', STALLED_AFTER_SECONDS: '1' };
let worker: LocalWorker | undefined;

afterAll(async () => {
  await worker?.stop();
});

function records() {
  return (gsm8k.problems as Gsm8kProblem[]).flatMap((problem, i) =>
    Array.from({ length: SAMPLES }, (_, j) => ({
      problem_id: problem.id,
      completion: (i + j) % 3 === 0 ? `#### ${problem.reference.answer}` : `The answer is ${i + j}.`,
      num_tokens: 5 + ((i * j) % 40),
    })),
  );
}

/** Kills wrangler and workerd at once, as a crash would (no graceful shutdown). */
function crash(running: LocalWorker) {
  process.kill(-running.child.pid!, 'SIGKILL');
}

describe('a Worker restart in the middle of scoring', () => {
  it('ends with the run scored exactly once (or failed with a reason)', async () => {
    const state = join(tempDir('faults'), 'wrangler-state');
    worker = await startWorker(state, VARS);
    const key = await issueKey(worker, 'faults');
    const auth = { authorization: `Bearer ${key}` };
    const created = await fetch(`${worker.url}/v1/runs`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'fault-injection',
        method: 'base',
        sampling: { temperature: 1, top_p: 1, max_tokens: 64 },
        task: 'gsm8k',
        taskset: 'gsm8k/test',
      }),
    });
    expect(created.status).toBe(201);
    const runId = ((await created.json()) as { id: string }).id;
    const all = records();
    const body = `${all.map((record) => JSON.stringify(record)).join('\n')}\n`;
    const uploaded = await fetch(`${worker.url}/v1/runs/${runId}/generations`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(uploaded.status).toBe(200);
    const finalized = await fetch(`${worker.url}/v1/runs/${runId}/finalize`, {
      method: 'POST',
      headers: auth,
    });
    expect(finalized.status).toBe(202);
    crash(worker);
    await worker.stop();

    worker = await startWorker(state, VARS);
    const afterRestart = (await (await fetch(`${worker.url}/v1/runs/${runId}`)).json()) as { status: string };
    expect(['scoring', 'scored']).toContain(afterRestart.status);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // older than STALLED_AFTER_SECONDS
    // Without this sweep the run stays `scoring` forever: the local queue lost its messages in the crash.
    const swept = await fetch(`${worker.url}/__scheduled?cron=*/10+*+*+*+*`);
    expect(swept.status).toBe(200);

    const final = await waitFor(
      async () => {
        const run = (await (await fetch(`${worker!.url}/v1/runs/${runId}`)).json()) as {
          status: string;
          failure_reason: string | null;
          report: Record<string, unknown> | null;
        };
        return run.status === 'scored' || run.status === 'failed' ? run : null;
      },
      120_000,
      'the run to finish',
    );
    if (final.status === 'failed') {
      expect(final.failure_reason).toMatch(/\w/);
      return;
    }
    const byId = new Map(gsm8k.problems.map((problem) => [problem.id, problem]));
    const { per_problem: _rows, ...expected } = scoreGenerations({
      task: 'gsm8k',
      taskset: gsm8k.taskset,
      problems: byId,
      records: all,
    }).report;
    expect(final.report).toEqual(expected);
    expect((final.report as { n_samples: number }).n_samples).toBe(gsm8k.problems.length * SAMPLES);
  });
});
