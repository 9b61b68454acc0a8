// Failure paths must not destroy what a finished run already has: a late dead-letter message, or any other
// failure of a run that is already scored, changes nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { failExhaustedChunk } from '../src/services/chunk-scoring.js';
import { deleteRun, markRunFailed } from '../src/services/runs.js';
import { gsm8kRecords, SAMPLING, toNdjson } from './fixtures.js';
import { api, bearer, env, issueKey, postJson } from './helpers.js';

let owner: string;

beforeAll(async () => {
  owner = await issueKey('failure-paths');
});

/** A new pending run of the owner's; its id. */
async function createRun(salt: string): Promise<string> {
  const created = await postJson(
    '/v1/runs',
    { model: `failure/${salt}`, method: 'base', sampling: SAMPLING, task: 'gsm8k', taskset: 'gsm8k/test' },
    bearer(owner),
  );
  expect(created.status).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

/** A run in `status` with one per-problem row, as a scored (or half-scored) run has. */
async function runWithProblemRow(salt: string, status: string): Promise<string> {
  const id = await createRun(salt);
  await env.DB.batch([
    env.DB.prepare('UPDATE runs SET status = ? WHERE id = ?').bind(status, id),
    env.DB.prepare('INSERT INTO run_problems (run_id, problem_id, n, c, row) VALUES (?, ?, 1, 1, ?)').bind(
      id,
      'gsm8k/test/0',
      '{}',
    ),
  ]);
  return id;
}

async function stateOf(id: string) {
  const run = await env.DB.prepare('SELECT status, failure_reason FROM runs WHERE id = ?').bind(id).first();
  const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM run_problems WHERE run_id = ?')
    .bind(id)
    .first();
  return { status: run?.status, reason: run?.failure_reason, problems: rows?.n };
}

describe('failing a run', () => {
  it('leaves a scored run and its per-problem rows as they were', async () => {
    const id = await runWithProblemRow('scored', 'scored');
    await failExhaustedChunk(env, { runId: id, chunkIndex: 3 }, 5);
    await markRunFailed(env.DB, id, 'too late');
    expect(await stateOf(id)).toEqual({ status: 'scored', reason: null, problems: 1 });
  });

  it('fails a run being scored and drops its partial rows', async () => {
    const id = await runWithProblemRow('scoring', 'scoring');
    await failExhaustedChunk(env, { runId: id, chunkIndex: 3 }, 5);
    const state = await stateOf(id);
    expect(state).toMatchObject({ status: 'failed', problems: 0 });
    expect(state.reason).toMatch(/chunk 3 failed after 5 attempts/);
  });
});

describe('deleting a run', () => {
  it('removes storage before rows, so a storage failure leaves a run that a retry deletes whole', async () => {
    const id = await createRun('delete');
    const uploaded = await api(`/v1/runs/${id}/generations`, {
      method: 'PUT',
      headers: { 'content-type': 'application/x-ndjson', ...bearer(owner) },
      body: toNdjson(gsm8kRecords(3, 2, () => true, 'delete')),
    });
    expect(uploaded.status).toBe(200);
    const objects = async () => (await env.GENERATIONS.list({ prefix: `runs/${id}/` })).objects.length;
    expect(await objects()).toBeGreaterThan(0);

    const failing = {
      list: (options: R2ListOptions) => env.GENERATIONS.list(options),
      delete: async () => {
        throw new Error('R2 is down');
      },
    } as unknown as R2Bucket;
    await expect(deleteRun(env.DB, failing, id)).rejects.toThrow('R2 is down');
    const kept = await env.DB.prepare('SELECT id FROM runs WHERE id = ?').bind(id).first();
    expect(kept).not.toBeNull();

    await deleteRun(env.DB, env.GENERATIONS, id);
    expect(await env.DB.prepare('SELECT id FROM runs WHERE id = ?').bind(id).first()).toBeNull();
    expect(await objects()).toBe(0);
  });
});

describe('concurrent uploads to one run', () => {
  it('leave exactly one file, the one part 1 references, and its chunk table', async () => {
    const id = await createRun('race');
    const responses = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        api(`/v1/runs/${id}/generations`, {
          method: 'PUT',
          headers: { 'content-type': 'application/x-ndjson', ...bearer(owner) },
          body: toNdjson(gsm8kRecords(450 + i, 1, () => true, `race${i}`)),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(statuses).toContain(200);
    const run = await env.DB.prepare(
      'SELECT run_parts.key AS key, n_records FROM runs JOIN run_parts ON run_parts.run_id = runs.id WHERE id = ?',
    )
      .bind(id)
      .first<{ key: string; n_records: number }>();
    const listed = (await env.GENERATIONS.list({ prefix: `runs/${id}/` })).objects.map((o) => o.key);
    expect(listed).toEqual([run?.key]);
    // The chunk table describes that file: 400 records a chunk in the tests.
    const chunks = await env.DB.prepare('SELECT COUNT(*) AS n FROM run_chunks WHERE run_id = ?')
      .bind(id)
      .first();
    expect(chunks?.n).toBe(Math.ceil((run?.n_records ?? 0) / 400));
  });
});
