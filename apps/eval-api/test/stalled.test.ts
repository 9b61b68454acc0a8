// A Worker restart (or a queue outage) can lose the messages of a run that is being scored; the cron sweep
// re-enqueues the chunks that have no aggregates yet, and the run still ends scored exactly once.
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { loadShippedTaskset, scoreGenerations } from '@crossover/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../src/index.js';
import { requeueStalledRuns } from '../src/services/stalled-runs.js';
import { gsm8kRecords, SAMPLING, toNdjson } from './fixtures.js';
import { api, bearer, env, issueKey, postJson, waitFor } from './helpers.js';

const gsm8k = loadShippedTaskset('gsm8k/test');
const problems = new Map(gsm8k.problems.map((problem) => [problem.id, problem]));
let owner: string;

beforeAll(async () => {
  owner = await issueKey('stalled-runs');
});

interface RunBody {
  id: string;
  status: string;
  report: Record<string, unknown> | null;
}

/** A run whose file is uploaded and claimed for scoring, but whose queue messages never arrived. */
async function runWithLostMessages(
  salt: string,
  records: ReturnType<typeof gsm8kRecords>,
  updatedAt: string,
) {
  const created = await postJson(
    '/v1/runs',
    { model: `stalled/${salt}`, method: 'base', sampling: SAMPLING, task: 'gsm8k', taskset: 'gsm8k/test' },
    bearer(owner),
  );
  const run = (await created.json()) as RunBody;
  const uploaded = await api(`/v1/runs/${run.id}/generations`, {
    method: 'PUT',
    headers: { 'content-type': 'application/x-ndjson', ...bearer(owner) },
    body: toNdjson(records),
  });
  expect(uploaded.status).toBe(200);
  await env.DB.prepare("UPDATE runs SET status = 'scoring', updated_at = ? WHERE id = ?")
    .bind(updatedAt, run.id)
    .run();
  return run;
}

async function deliver(runId: string, chunkIndex: number) {
  const batch = createMessageBatch('crossover-scoring', [
    { id: `c${chunkIndex}`, timestamp: new Date(), attempts: 1, body: { runId, chunkIndex } },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<{ runId: string; chunkIndex: number }>, env, ctx);
  expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual([`c${chunkIndex}`]);
}

describe('stalled runs', () => {
  it('are finished by the cron sweep after their messages were lost mid-scoring, counted once', async () => {
    const records = gsm8kRecords(150, 4, (i, j) => (i * j) % 5 === 1, 'stalled'); // 600 records: 2 chunks of 400
    const run = await runWithLostMessages('mid', records, '2000-01-01T00:00:00.000Z');
    await deliver(run.id, 0); // the Worker scored chunk 0, then stopped
    expect(((await (await api(`/v1/runs/${run.id}`)).json()) as RunBody).status).toBe('scoring');
    // ...long ago: no progress since.
    await env.DB.prepare("UPDATE runs SET updated_at = '2000-01-01T00:00:00.000Z' WHERE id = ?")
      .bind(run.id)
      .run();

    const ctx = createExecutionContext();
    await worker.scheduled(
      createScheduledController({ cron: '*/10 * * * *', scheduledTime: new Date() }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);

    const scored = await waitFor(async () => {
      const body = (await (await api(`/v1/runs/${run.id}`)).json()) as RunBody;
      return body.status === 'scored' ? body : null;
    });
    const { per_problem: _rows, ...expected } = scoreGenerations({
      task: 'gsm8k',
      taskset: gsm8k.taskset,
      problems,
      records,
    }).report;
    expect(scored.report).toEqual(expected);
    expect((scored.report as { n_samples: number }).n_samples).toBe(600);
    // The chunked path stores the (n, c) counts too, for pass@k off the report's k grid.
    const stored = await env.DB.prepare('SELECT pass_counts FROM runs WHERE id = ?')
      .bind(run.id)
      .first<{ pass_counts: string }>();
    const rows = scoreGenerations({ task: 'gsm8k', taskset: gsm8k.taskset, problems, records, detail: true })
      .report.per_problem!;
    const expectedCounts = new Map<string, number>();
    for (const row of rows)
      expectedCounts.set(`${row.n}:${row.c}`, (expectedCounts.get(`${row.n}:${row.c}`) ?? 0) + 1);
    const counts = JSON.parse(stored!.pass_counts) as Array<[number, number, number]>;
    expect(new Map(counts.map(([n, c, problems]) => [`${n}:${c}`, problems]))).toEqual(expectedCounts);
  });

  it('leaves alone a long-running run whose chunks are still being scored', async () => {
    const records = gsm8kRecords(150, 4, () => true, 'progress'); // 2 chunks of 400
    const run = await runWithLostMessages('progress', records, '2000-01-01T00:00:00.000Z');
    await deliver(run.id, 0); // progress just now
    const sweep = await requeueStalledRuns(env.DB, env.SCORING_QUEUE, 600);
    expect(sweep.runs).not.toContain(run.id);
    const later = await requeueStalledRuns(env.DB, env.SCORING_QUEUE, 600, new Date(Date.now() + 601_000));
    expect(later.runs).toContain(run.id);
  });

  it('leaves runs alone that are still within their time, and re-arms the ones it touched', async () => {
    const now = new Date('2030-01-01T00:10:00.000Z');
    const recent = await runWithLostMessages(
      'recent',
      gsm8kRecords(5, 2, () => true, 'recent'),
      '2030-01-01T00:05:00.000Z',
    );
    const old = await runWithLostMessages(
      'old',
      gsm8kRecords(5, 2, () => true, 'old'),
      '2030-01-01T00:00:00.000Z',
    );
    const sweep = await requeueStalledRuns(env.DB, env.SCORING_QUEUE, 600, now);
    expect(sweep.runs).toContain(old.id);
    expect(sweep.runs).not.toContain(recent.id);
    const again = await requeueStalledRuns(env.DB, env.SCORING_QUEUE, 600, now);
    expect(again.runs).not.toContain(old.id);
  });
});
