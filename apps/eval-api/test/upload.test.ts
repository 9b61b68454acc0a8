import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { loadShippedTaskset, scoreGenerations } from '@crossover/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import worker from '../src/index.js';
import { gsm8kRecords, SAMPLING, toNdjson } from './fixtures.js';
import { api, bearer, env, expectError, issueKey, postJson, waitFor } from './helpers.js';

const gsm8k = loadShippedTaskset('gsm8k/test');
const problems = new Map(gsm8k.problems.map((problem) => [problem.id, problem]));

interface RunBody {
  id: string;
  status: string;
  failure_reason: string | null;
  report: Record<string, unknown> | null;
  generations: { digest: string; bytes: number; records: number } | null;
}

let owner: string;
let stranger: string;

beforeAll(async () => {
  owner = await issueKey('uploader');
  stranger = await issueKey('someone-else');
});

async function createPendingRun(salt: string): Promise<RunBody> {
  const response = await postJson(
    '/v1/runs',
    { model: `upload/${salt}`, method: 'base', sampling: SAMPLING, task: 'gsm8k', taskset: 'gsm8k/test' },
    bearer(owner),
  );
  expect(response.status).toBe(201);
  const run = (await response.json()) as RunBody;
  expect([run.status, run.generations, run.report]).toEqual(['pending', null, null]);
  return run;
}

function upload(
  runId: string,
  body: string,
  key = owner,
  headers: Record<string, string> = {},
): Promise<Response> {
  return api(`/v1/runs/${runId}/generations`, {
    method: 'PUT',
    headers: { 'content-type': 'application/x-ndjson', ...bearer(key), ...headers },
    body,
  });
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function expectedSummary(records: ReturnType<typeof gsm8kRecords>) {
  const { per_problem: _rows, ...summary } = scoreGenerations({
    task: 'gsm8k',
    taskset: gsm8k.taskset,
    problems,
    records,
  }).report;
  return summary;
}

describe('large runs: upload to R2, finalize, queue consumer', () => {
  it('scores an upload chunk by chunk to the same report as scoring it whole', async () => {
    // 300 problems x 6 samples = 1800 lines: 5 chunks of at most 400 lines (CHUNK_RECORDS in vitest.config.ts).
    const records = gsm8kRecords(300, 6, (i, j) => (i * 7 + j) % 5 < 2, 'upload');
    const ndjson = toNdjson(records);
    const run = await createPendingRun('big');
    const stored = await upload(run.id, ndjson);
    expect(stored.status).toBe(200);
    const afterUpload = (await stored.json()) as RunBody;
    expect(afterUpload.status).toBe('pending');
    expect(afterUpload.generations).toEqual({
      digest: await sha256Hex(ndjson),
      bytes: ndjson.length,
      records: 1800,
    });
    const chunks = await env.DB.prepare('SELECT COUNT(*) AS n FROM run_chunks WHERE run_id = ?')
      .bind(run.id)
      .first<{ n: number }>();
    expect(chunks?.n).toBe(5);

    const finalized = await api(`/v1/runs/${run.id}/finalize`, { method: 'POST', headers: bearer(owner) });
    expect(finalized.status).toBe(202);
    expect(((await finalized.json()) as RunBody).status).toBe('scoring');

    const scored = await waitFor(async () => {
      const current = (await (await api(`/v1/runs/${run.id}`)).json()) as RunBody;
      return current.status === 'scoring' ? null : current;
    });
    expect(scored.failure_reason).toBeNull();
    expect(scored.status).toBe('scored');
    expect(scored.report).toEqual(expectedSummary(records));
    const rows = await env.DB.prepare(
      'SELECT COUNT(*) AS n, SUM(n) AS samples FROM run_problems WHERE run_id = ?',
    )
      .bind(run.id)
      .first<{ n: number; samples: number }>();
    expect(rows).toEqual({ n: 300, samples: 1800 });

    const raw = await api(`/v1/runs/${run.id}/generations`);
    expect(await raw.text()).toBe(ndjson);
    // Model output is a download, never sniffed into something a browser would run.
    expect(raw.headers.get('content-disposition')).toBe(`attachment; filename="${run.id}.jsonl"`);
    expect(raw.headers.get('x-content-type-options')).toBe('nosniff');
    // Finalizing again changes nothing.
    const again = await api(`/v1/runs/${run.id}/finalize`, { method: 'POST', headers: bearer(owner) });
    expect(again.status).toBe(202);
    expect(((await again.json()) as RunBody).status).toBe('scored');
    await expectError(await upload(run.id, ndjson), 409, 'invalid_state');
  });

  it('never double-counts a redelivered chunk', async () => {
    const records = gsm8kRecords(150, 4, (i, j) => (i + j) % 3 === 0, 'redeliver');
    const run = await createPendingRun('redeliver');
    expect((await upload(run.id, toNdjson(records))).status).toBe(200);
    // Claim the run as finalize would, but deliver the messages ourselves: chunk 0 three times, chunk 1 twice.
    await env.DB.prepare("UPDATE runs SET status = 'scoring' WHERE id = ?").bind(run.id).run();
    const deliveries = [0, 0, 1, 0, 1];
    const batch = createMessageBatch(
      'crossover-scoring',
      deliveries.map((chunkIndex, i) => ({
        id: `m${i}`,
        timestamp: new Date(),
        attempts: 1,
        body: { runId: run.id, chunkIndex },
      })),
    );
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<{ runId: string; chunkIndex: number }>, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks.sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    const current = (await (await api(`/v1/runs/${run.id}`)).json()) as RunBody;
    expect(current.status).toBe('scored');
    expect(current.report).toEqual(expectedSummary(records));
  });

  it('fails the run of a message that exhausted its retries (dead-letter queue)', async () => {
    const run = await createPendingRun('dead-letter');
    expect((await upload(run.id, toNdjson(gsm8kRecords(3, 1, () => true, 'dead-letter')))).status).toBe(200);
    await env.DB.prepare("UPDATE runs SET status = 'scoring' WHERE id = ?").bind(run.id).run();
    const batch = createMessageBatch('crossover-scoring-dlq', [
      { id: 'dead', timestamp: new Date(), attempts: 4, body: { runId: run.id, chunkIndex: 0 } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<{ runId: string; chunkIndex: number }>, env, ctx);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(['dead']);
    const current = (await (await api(`/v1/runs/${run.id}`)).json()) as RunBody;
    expect([current.status, current.failure_reason]).toEqual([
      'failed',
      'scoring chunk 0 failed after 4 attempts; finalize a new run to retry',
    ]);
  });

  it('fails the run with the line of a malformed record', async () => {
    const records = gsm8kRecords(3, 2, () => true, 'broken');
    const lines = toNdjson(records).split('\n');
    lines.splice(4, 0, '{"problem_id": "gsm8k/test/0", "completion": ');
    const run = await createPendingRun('broken');
    expect((await upload(run.id, lines.join('\n'))).status).toBe(200);
    expect(
      (await api(`/v1/runs/${run.id}/finalize`, { method: 'POST', headers: bearer(owner) })).status,
    ).toBe(202);
    const failed = await waitFor(async () => {
      const current = (await (await api(`/v1/runs/${run.id}`)).json()) as RunBody;
      return current.status === 'scoring' ? null : current;
    });
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toMatch(/^line 5: malformed JSON/);
    expect(failed.report).toBeNull();
  });

  it('fails the run when a record names an unknown problem', async () => {
    const body = `${toNdjson(gsm8kRecords(2, 1, () => true, 'unknown'))}{"problem_id":"gsm8k/test/x","completion":"#### 1"}\n`;
    const run = await createPendingRun('unknown');
    expect((await upload(run.id, body)).status).toBe(200);
    expect(
      (await api(`/v1/runs/${run.id}/finalize`, { method: 'POST', headers: bearer(owner) })).status,
    ).toBe(202);
    const failed = await waitFor(async () => {
      const current = (await (await api(`/v1/runs/${run.id}`)).json()) as RunBody;
      return current.status === 'scoring' ? null : current;
    });
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toContain('line 3');
    expect(failed.failure_reason).toContain('gsm8k/test/x');
    // A failed run lets its generations go: the same file may be uploaded to a new run.
    const retry = await createPendingRun('unknown-again');
    const again = await upload(retry.id, body);
    expect(again.status).toBe(200);
  });

  it('refuses bad uploads with the right status', async () => {
    const run = await createPendingRun('refusals');
    const body = toNdjson(gsm8kRecords(2, 1, () => true, 'refusals'));
    await expectError(await upload(run.id, body, stranger), 403, 'forbidden');
    await expectError(
      await upload(run.id, body, owner, { 'content-type': 'text/plain' }),
      415,
      'unsupported_media_type',
    );
    await expectError(
      await upload(run.id, body, owner, { 'content-length': String(8 * 1024 * 1024 + 1) }),
      413,
      'payload_too_large',
    );
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body));
        controller.close();
      },
    });
    const chunked = await api(`/v1/runs/${run.id}/generations`, {
      method: 'PUT',
      headers: { 'content-type': 'application/x-ndjson', ...bearer(owner) },
      body: stream,
    });
    await expectError(chunked, 411, 'length_required');
    await expectError(
      await api(`/v1/runs/${run.id}/finalize`, { method: 'POST', headers: bearer(owner) }),
      409,
      'invalid_state',
    );
    await expectError(
      await api(`/v1/runs/${run.id}/finalize`, { method: 'POST', headers: bearer(stranger) }),
      403,
      'forbidden',
    );
    await expectError(
      await api('/v1/runs/run_ffffffffffffffffffff/finalize', { method: 'POST', headers: bearer(owner) }),
      404,
      'not_found',
    );
  });

  it('replaces the file when a pending run is uploaded again, and deletes every object with the run', async () => {
    const run = await createPendingRun('replace');
    const first = toNdjson(gsm8kRecords(3, 1, () => true, 'replace-1'));
    const second = toNdjson(gsm8kRecords(4, 2, () => false, 'replace-2'));
    expect((await upload(run.id, first)).status).toBe(200);
    const replaced = (await (await upload(run.id, second)).json()) as RunBody;
    expect(replaced.generations).toEqual({
      digest: await sha256Hex(second),
      bytes: second.length,
      records: 8,
    });
    const objects = (await env.GENERATIONS.list({ prefix: `runs/${run.id}/` })).objects;
    expect(objects.map((object) => object.size)).toEqual([second.length]);
    expect(await (await api(`/v1/runs/${run.id}/generations`)).text()).toBe(second);
    expect((await api(`/v1/runs/${run.id}`, { method: 'DELETE', headers: bearer(owner) })).status).toBe(204);
    expect((await env.GENERATIONS.list({ prefix: `runs/${run.id}/` })).objects).toEqual([]);
  });

  it('refuses to finalize generations another run already has (409), leaving the run pending', async () => {
    const body = toNdjson(gsm8kRecords(4, 2, () => true, 'twice'));
    const first = await createPendingRun('twice-a');
    expect((await upload(first.id, body)).status).toBe(200);
    // Both runs may hold the same parts while pending: the first to finalize keeps them.
    const second = await createPendingRun('twice-b');
    expect((await upload(second.id, body)).status).toBe(200);
    const finalize = (id: string) =>
      api(`/v1/runs/${id}/finalize`, { method: 'POST', headers: bearer(owner) });
    expect((await finalize(first.id)).status).toBe(202);
    const error = await expectError(await finalize(second.id), 409, 'duplicate_generations');
    expect(error.run_id).toBe(first.id);
    const kept = (await (await api(`/v1/runs/${second.id}`)).json()) as RunBody;
    expect(kept.status).toBe('pending');
  });
});
