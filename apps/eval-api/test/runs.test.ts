import { loadShippedTaskset, scoreGenerations } from '@crossover/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { gsm8kRecords, SAMPLING, toNdjson } from './fixtures.js';
import { ADMIN_SECRET, api, bearer, env, expectError, issueKey, postJson } from './helpers.js';

const gsm8k = loadShippedTaskset('gsm8k/test');
const problems = new Map(gsm8k.problems.map((problem) => [problem.id, problem]));

interface RunBody {
  id: string;
  status: string;
  failure_reason: string | null;
  report: Record<string, unknown> | null;
  generations: { digest: string; bytes: number; records: number } | null;
  links: Record<string, string>;
}

let owner: string;
let stranger: string;

beforeAll(async () => {
  owner = await issueKey('owner');
  stranger = await issueKey('stranger');
});

function runBody(salt: string, records?: unknown[]) {
  return {
    model: `test/model-${salt}`,
    base_model: 'test/base',
    method: 'grpo',
    step: 100,
    sampling: SAMPLING,
    task: 'gsm8k',
    taskset: 'gsm8k/test',
    notes: 'unit test',
    ...(records ? { records } : {}),
  };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

describe('POST /v1/runs with inline records', () => {
  it('scores the run in the request, with the same report as scoreGenerations', async () => {
    const records = gsm8kRecords(30, 4, (i, j) => j < i % 5, 'inline');
    const response = await postJson('/v1/runs', runBody('inline', records), bearer(owner));
    expect(response.status).toBe(201);
    const run = (await response.json()) as RunBody;
    expect(response.headers.get('location')).toBe(`/v1/runs/${run.id}`);
    expect(run.status).toBe('scored');
    const { per_problem, ...expected } = scoreGenerations({
      task: 'gsm8k',
      taskset: gsm8k.taskset,
      problems,
      records,
      detail: true,
    }).report;
    expect(run.report).toEqual(expected);
    expect(run.generations).toEqual({
      digest: await sha256Hex(toNdjson(records)),
      bytes: new TextEncoder().encode(toNdjson(records)).byteLength,
      records: 120,
    });

    const fetched = await api(`/v1/runs/${run.id}`);
    expect(await fetched.json()).toEqual(run);

    const page1 = (await (await api(`/v1/runs/${run.id}/problems?limit=20`)).json()) as {
      problems: Array<{ problem_id: string; n: number; c: number }>;
      next_cursor: string | null;
    };
    expect(page1.problems).toHaveLength(20);
    const page2 = (await (
      await api(`/v1/runs/${run.id}/problems?limit=20&cursor=${encodeURIComponent(page1.next_cursor!)}`)
    ).json()) as typeof page1;
    expect(page2.problems).toHaveLength(10);
    expect(page2.next_cursor).toBeNull();
    // Natural id order across the pages: gsm8k/test/2 before gsm8k/test/10.
    const ids = [...page1.problems, ...page2.problems].map((row) => row.problem_id);
    expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => `gsm8k/test/${i}`));
    const byId = new Map((per_problem ?? []).map((row) => [row.problem_id, row]));
    for (const row of [...page1.problems, ...page2.problems]) expect(row).toEqual(byId.get(row.problem_id));

    const raw = await api(`/v1/runs/${run.id}/generations`);
    expect(raw.headers.get('content-type')).toBe('application/x-ndjson');
    expect(await raw.text()).toBe(toNdjson(records));
  });

  it('detects the same generations submitted twice (409 naming the first run)', async () => {
    const records = gsm8kRecords(5, 2, () => true, 'dup');
    const first = (await (
      await postJson('/v1/runs', runBody('dup-a', records), bearer(owner))
    ).json()) as RunBody;
    const second = await postJson('/v1/runs', runBody('dup-b', records), bearer(stranger));
    const error = await expectError(second, 409, 'duplicate_generations');
    expect(error.run_id).toBe(first.id);
  });

  it('rejects records of unknown problems (422) and leaves nothing behind', async () => {
    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM runs').first<{ n: number }>();
    const records = [
      ...gsm8kRecords(2, 1, () => true, 'bad'),
      { problem_id: 'gsm8k/test/nope', completion: '#### 1' },
    ];
    const error = await expectError(
      await postJson('/v1/runs', runBody('bad', records), bearer(owner)),
      422,
      'invalid_request',
    );
    expect(error.field).toBe('records.2');
    const after = await env.DB.prepare('SELECT COUNT(*) AS n FROM runs').first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it('keeps the provenance it is given, shows it on the run page, and refuses a malformed one', async () => {
    const provenance = {
      model_revision: 'a1b2c3d',
      prompt_template: { name: 'gsm8k-base', digest: 'cd'.repeat(32) },
      generator: { name: 'vllm', version: '0.8.5' },
    };
    const created = await postJson(
      '/v1/runs',
      {
        ...runBody(
          'provenance',
          gsm8kRecords(2, 2, () => true, 'provenance'),
        ),
        provenance,
      },
      bearer(owner),
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as RunBody;
    expect(((await (await api(`/v1/runs/${id}`)).json()) as { provenance: unknown }).provenance).toEqual(
      provenance,
    );
    const page = await (await api(`/runs/${id}`)).text();
    expect(page).toContain('<dt>model revision</dt><dd>a1b2c3d</dd>');
    expect(page).toContain('<dt>generator</dt><dd>vllm 0.8.5</dd>');
    expect(page).toContain('gsm8k-base <span class="muted">cdcdcdcdcdcd</span>');
    // a run without one says so
    const plain = await postJson('/v1/runs', runBody('no-provenance'), bearer(owner));
    const plainId = ((await plain.json()) as RunBody).id;
    expect(
      ((await (await api(`/v1/runs/${plainId}`)).json()) as { provenance: unknown }).provenance,
    ).toBeNull();

    const before = await env.DB.prepare('SELECT COUNT(*) AS n FROM runs').first<{ n: number }>();
    for (const [bad, field] of [
      [{ prompt_template: { name: 'x', digest: 'not-hex' } }, 'provenance.prompt_template.digest'],
      [{ generator: { version: '1' } }, 'provenance.generator.name'],
      [{ model_revision: 'evil\u202Erev' }, 'provenance.model_revision'],
      [{ unknown_field: 1 }, 'provenance'],
    ] as const) {
      const response = await postJson(
        '/v1/runs',
        { ...runBody('bad-provenance'), provenance: bad },
        bearer(owner),
      );
      expect([field, (await expectError(response, 422, 'invalid_request')).field]).toEqual([field, field]);
    }
    const after = await env.DB.prepare('SELECT COUNT(*) AS n FROM runs').first<{ n: number }>();
    expect(after?.n).toBe(before?.n);
  });

  it('requires an API key (401) and validates the body (422 naming the field)', async () => {
    await expectError(await postJson('/v1/runs', runBody('nokey')), 401, 'unauthorized');
    await expectError(
      await postJson('/v1/runs', runBody('badkey'), bearer('cxk_not-a-real-key')),
      401,
      'unauthorized',
    );
    const bad = await postJson('/v1/runs', { ...runBody('bad-method'), method: 'magic' }, bearer(owner));
    expect((await expectError(bad, 422, 'invalid_request')).field).toBe('method');
    const sampling = await postJson(
      '/v1/runs',
      { ...runBody('bad-sampling'), sampling: { temperature: 1 } },
      bearer(owner),
    );
    expect((await expectError(sampling, 422, 'invalid_request')).field).toBe('sampling.top_p');
    // Names the board shows: no control characters, no bidi overrides (U+202E would render reversed).
    for (const [field, name] of [
      ['model', 'evil\u202Eedom'],
      ['model', 'line\nbreak'],
      ['base_model', 'base\u2066isolate'],
    ] as const) {
      const named = await postJson('/v1/runs', { ...runBody(`name-${field}`), [field]: name }, bearer(owner));
      expect((await expectError(named, 422, 'invalid_request')).field).toBe(field);
    }
    const fine = await postJson(
      '/v1/runs',
      { ...runBody('unicode-ok'), model: 'Qwen/Qwen2.5 ünïcode 模型' },
      bearer(owner),
    );
    expect(fine.status).toBe(201);
  });

  it('refuses inline records over the inline limit (413) and other content types (415)', async () => {
    // vitest.config.ts lowers MAX_INLINE_RUN_BYTES to 2 MiB
    const records = gsm8kRecords(1, 1, () => true, 'x'.repeat(2 * 1024 * 1024));
    await expectError(
      await postJson('/v1/runs', runBody('too-big', records), bearer(owner)),
      413,
      'payload_too_large',
    );
    const text = await api('/v1/runs', {
      method: 'POST',
      headers: { ...bearer(owner), 'content-type': 'text/csv' },
      body: 'a,b',
    });
    await expectError(text, 415, 'unsupported_media_type');
  });

  it('answers a missing run with 404 and a malformed id with 422', async () => {
    await expectError(await api('/v1/runs/run_00000000000000000000'), 404, 'not_found');
    expect((await expectError(await api('/v1/runs/nope'), 422, 'invalid_request')).field).toBe('param.id');
  });
});

describe('Idempotency-Key', () => {
  it('returns the same run for a retry with the same key and body', async () => {
    const body = runBody(
      'idem',
      gsm8kRecords(4, 2, () => true, 'idem'),
    );
    const headers = { ...bearer(owner), 'idempotency-key': 'retry-1' };
    const first = await postJson('/v1/runs', body, headers);
    expect(first.status).toBe(201);
    const retry = await postJson('/v1/runs', body, headers);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(((await retry.json()) as RunBody).id).toBe(((await first.json()) as RunBody).id);
  });

  it('refuses the same key with a different body (409)', async () => {
    const headers = { ...bearer(owner), 'idempotency-key': 'retry-2' };
    expect((await postJson('/v1/runs', runBody('idem-2a'), headers)).status).toBe(201);
    await expectError(await postJson('/v1/runs', runBody('idem-2b'), headers), 409, 'idempotency_conflict');
  });

  it('creates exactly one run under concurrent retries', async () => {
    // Several rounds: a retry can lose the race at the key, at the generations digest, or before either.
    for (const round of [1, 2, 3]) {
      const body = runBody(
        `idem-race-${round}`,
        gsm8kRecords(6, 2, (i) => i % 2 === 0, `race-${round}`),
      );
      const headers = { ...bearer(owner), 'idempotency-key': `race-${round}` };
      const responses = await Promise.all(
        Array.from({ length: 6 }, () => postJson('/v1/runs', body, headers)),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 200, 200, 200, 200, 201]);
      const ids = new Set(
        await Promise.all(responses.map(async (response) => ((await response.json()) as RunBody).id)),
      );
      expect(ids.size).toBe(1);
      const count = await env.DB.prepare('SELECT COUNT(*) AS n FROM runs WHERE model = ?')
        .bind(`test/model-idem-race-${round}`)
        .first<{ n: number }>();
      expect(count?.n).toBe(1);
    }
  });
});

describe('DELETE /v1/runs/:id', () => {
  it('lets the owner delete a run with its rows and generations; others get 403', async () => {
    const run = (await (
      await postJson(
        '/v1/runs',
        runBody(
          'del',
          gsm8kRecords(3, 2, () => true, 'del'),
        ),
        bearer(owner),
      )
    ).json()) as RunBody;
    await expectError(
      await api(`/v1/runs/${run.id}`, { method: 'DELETE', headers: bearer(stranger) }),
      403,
      'forbidden',
    );
    await expectError(await api(`/v1/runs/${run.id}`, { method: 'DELETE' }), 401, 'unauthorized');
    const deleted = await api(`/v1/runs/${run.id}`, { method: 'DELETE', headers: bearer(owner) });
    expect(deleted.status).toBe(204);
    await expectError(await api(`/v1/runs/${run.id}`), 404, 'not_found');
    const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM run_problems WHERE run_id = ?')
      .bind(run.id)
      .first<{ n: number }>();
    expect(rows?.n).toBe(0);
    expect(await env.GENERATIONS.head(`runs/${run.id}/generations.ndjson`)).toBeNull();
  });

  it('lets an admin (secret or admin key) delete any run', async () => {
    const a = (await (
      await postJson(
        '/v1/runs',
        runBody(
          'del-a',
          gsm8kRecords(3, 1, () => true, 'del-a'),
        ),
        bearer(owner),
      )
    ).json()) as RunBody;
    const b = (await (
      await postJson(
        '/v1/runs',
        runBody(
          'del-b',
          gsm8kRecords(3, 1, () => true, 'del-b'),
        ),
        bearer(owner),
      )
    ).json()) as RunBody;
    expect((await api(`/v1/runs/${a.id}`, { method: 'DELETE', headers: bearer(ADMIN_SECRET) })).status).toBe(
      204,
    );
    const adminKey = await issueKey('root', 'admin');
    expect((await api(`/v1/runs/${b.id}`, { method: 'DELETE', headers: bearer(adminKey) })).status).toBe(204);
  });
});
