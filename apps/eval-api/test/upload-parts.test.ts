import { loadShippedTaskset, scoreGenerations } from '@crossover/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { gsm8kRecords, SAMPLING, toNdjson } from './fixtures.js';
import { api, bearer, env, expectError, issueKey, postJson, waitFor } from './helpers.js';

const gsm8k = loadShippedTaskset('gsm8k/test');
const problems = new Map(gsm8k.problems.map((problem) => [problem.id, problem]));
const encode = (text: string) => new TextEncoder().encode(text);

interface RunBody {
  id: string;
  status: string;
  failure_reason: string | null;
  report: Record<string, unknown> | null;
  generations: { digest: string; bytes: number; records: number } | null;
}

let owner: string;

beforeAll(async () => {
  owner = await issueKey('part-uploader');
});

async function createPendingRun(salt: string): Promise<string> {
  const response = await postJson(
    '/v1/runs',
    { model: `parts/${salt}`, method: 'base', sampling: SAMPLING, task: 'gsm8k', taskset: 'gsm8k/test' },
    bearer(owner),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as RunBody).id;
}

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** PUT one part, gzipped unless `plain`, declaring its decompressed length. */
async function putPart(
  runId: string,
  part: number,
  text: string,
  options: { plain?: boolean; body?: Uint8Array; headers?: Record<string, string> } = {},
): Promise<Response> {
  const bytes = encode(text);
  const body = options.body ?? (options.plain ? bytes : await gzip(bytes));
  const encoding: Record<string, string> = options.plain
    ? {}
    : { 'content-encoding': 'gzip', 'x-decoded-content-length': String(bytes.length) };
  return api(`/v1/runs/${runId}/generations/${part}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/x-ndjson', ...bearer(owner), ...encoding, ...options.headers },
    body,
  });
}

async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? encode(data) : data;
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** What is stored for a run: its part rows, its chunk rows and its R2 objects. */
async function storedOf(runId: string) {
  const count = async (table: string) =>
    (
      await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE run_id = ?`)
        .bind(runId)
        .first<{ n: number }>()
    )?.n;
  const objects = (await env.GENERATIONS.list({ prefix: `runs/${runId}/` })).objects.map(
    (object) => object.key,
  );
  return { parts: await count('run_parts'), chunks: await count('run_chunks'), objects };
}

function finalize(runId: string, query = ''): Promise<Response> {
  return api(`/v1/runs/${runId}/finalize${query}`, { method: 'POST', headers: bearer(owner) });
}

async function scoredRun(runId: string): Promise<RunBody> {
  return waitFor(async () => {
    const current = (await (await api(`/v1/runs/${runId}`)).json()) as RunBody;
    return current.status === 'scoring' ? null : current;
  });
}

describe('multi-part gzip uploads', () => {
  it('joins gzipped parts in part order (uploaded out of order) into the report of the whole file', async () => {
    // 1,200 records in three parts of 400, 500 and 300 lines; chunks of at most 400 lines (vitest.config.ts).
    const records = gsm8kRecords(300, 4, (i, j) => (i * 3 + j) % 4 < 2, 'parts');
    const lines = toNdjson(records).split('\n').slice(0, -1);
    const parts = [lines.slice(0, 400), lines.slice(400, 900), lines.slice(900)].map(
      (part) => `${part.join('\n')}\n`,
    );
    const runId = await createPendingRun('three');
    for (const part of [3, 1, 2]) expect((await putPart(runId, part, parts[part - 1]!)).status).toBe(200);
    const listed = (await (await api(`/v1/runs/${runId}/parts`)).json()) as {
      parts: Array<{ part: number; bytes: number; lines: number; records: number; digest: string }>;
      digest: string;
      records: number;
    };
    const digests = await Promise.all(parts.map((part) => sha256Hex(part)));
    expect(
      listed.parts.map(({ part, lines, records, digest }) => ({ part, lines, records, digest })),
    ).toEqual([
      { part: 1, lines: 400, records: 400, digest: digests[0] },
      { part: 2, lines: 500, records: 500, digest: digests[1] },
      { part: 3, lines: 300, records: 300, digest: digests[2] },
    ]);
    const runDigest = await sha256Hex(digests.map((digest) => `${digest}\n`).join(''));
    expect(listed.digest).toBe(runDigest);
    const pending = (await (await api(`/v1/runs/${runId}`)).json()) as RunBody;
    expect(pending.generations).toEqual({ digest: runDigest, bytes: parts.join('').length, records: 1200 });
    // Chunks never span a part: 1 + 2 + 1.
    expect((await storedOf(runId)).chunks).toBe(4);

    expect((await finalize(runId, '?parts=3')).status).toBe(202);
    const scored = await scoredRun(runId);
    expect([scored.status, scored.failure_reason]).toEqual(['scored', null]);
    const { per_problem: _rows, ...summary } = scoreGenerations({
      task: 'gsm8k',
      taskset: gsm8k.taskset,
      problems,
      records,
    }).report;
    expect(scored.report).toEqual(summary);
    expect(scored.generations?.digest).toBe(runDigest);
    const raw = await api(`/v1/runs/${runId}/generations`);
    expect(raw.headers.get('x-generations-digest')).toBe(`sha-256-of-parts=${runDigest}`);
    expect(raw.headers.get('content-length')).toBe(String(parts.join('').length));
    expect(await raw.text()).toBe(parts.join(''));

    expect((await api(`/v1/runs/${runId}`, { method: 'DELETE', headers: bearer(owner) })).status).toBe(204);
    expect(await storedOf(runId)).toEqual({ parts: 0, chunks: 0, objects: [] });
  });

  it('numbers the lines of a scoring error across parts', async () => {
    const first = toNdjson(gsm8kRecords(3, 2, () => true, 'lines-1')); // 6 lines
    const second = `${toNdjson(gsm8kRecords(2, 1, () => true, 'lines-2'))}{"problem_id":"gsm8k/test/x","completion":"#### 1"}\n`;
    const runId = await createPendingRun('lines');
    expect((await putPart(runId, 1, first)).status).toBe(200);
    expect((await putPart(runId, 2, second, { plain: true })).status).toBe(200);
    expect((await finalize(runId)).status).toBe(202);
    const failed = await scoredRun(runId);
    expect(failed.status).toBe('failed');
    expect(failed.failure_reason).toMatch(/^line 9: /);
  });

  it('refuses a corrupt gzip part, a truncated one and a part cut mid-line, with nothing stored', async () => {
    const runId = await createPendingRun('refused');
    const good = toNdjson(gsm8kRecords(3, 2, () => true, 'refused'));
    expect((await putPart(runId, 1, good)).status).toBe(200);
    const before = await storedOf(runId);
    expect(before).toMatchObject({ parts: 1, chunks: 1 });
    const runBefore = await env.DB.prepare('SELECT * FROM runs WHERE id = ?').bind(runId).first();

    const second = toNdjson(gsm8kRecords(5, 2, () => false, 'refused-2'));
    const zipped = await gzip(encode(second));
    const corrupt = zipped.slice();
    for (let i = 20; i < 40; i++) corrupt[i] = (corrupt[i] ?? 0) ^ 0xff;
    const corruptError = await expectError(
      await putPart(runId, 2, second, { body: corrupt }),
      400,
      'malformed_gzip',
    );
    expect(corruptError.part).toBe(2);
    await expectError(
      await putPart(runId, 2, second, { body: zipped.slice(0, zipped.length - 12) }),
      400,
      'malformed_gzip',
    );
    const notGzip = await expectError(
      await putPart(runId, 2, second, { body: encode(second) }),
      400,
      'malformed_gzip',
    );
    expect(notGzip.message).toMatch(/^part 2: /);

    const cut = second.slice(0, second.length - 30);
    const midLine = await expectError(await putPart(runId, 2, cut), 400, 'malformed_ndjson');
    expect(midLine).toMatchObject({ part: 2, line: 10 });
    expect(midLine.message).toMatch(/part 2: ends mid-line: line 10/);
    await expectError(await putPart(runId, 2, cut, { plain: true }), 400, 'malformed_ndjson');
    // Replacing part 1 with a bad upload keeps the good one.
    await expectError(await putPart(runId, 1, good.slice(0, -1)), 400, 'malformed_ndjson');

    expect(await storedOf(runId)).toEqual(before);
    expect(await env.DB.prepare('SELECT * FROM runs WHERE id = ?').bind(runId).first()).toEqual(runBefore);
  });

  it('refuses a part whose declared length is missing, wrong or over the limit', async () => {
    const runId = await createPendingRun('lengths');
    const text = toNdjson(gsm8kRecords(2, 2, () => true, 'lengths'));
    const zipped = await gzip(encode(text));
    const declare = (length: number) => ({ 'x-decoded-content-length': String(length) });
    await expectError(
      await putPart(runId, 1, text, { headers: { 'x-decoded-content-length': '' } }),
      411,
      'length_required',
    );
    await expectError(
      await putPart(runId, 1, text, { body: zipped, headers: declare(text.length - 5) }),
      400,
      'bad_request',
    );
    await expectError(
      await putPart(runId, 1, text, { body: zipped, headers: declare(text.length + 5) }),
      400,
      'bad_request',
    );
    await expectError(
      await putPart(runId, 1, text, { body: zipped, headers: declare(8 * 1024 * 1024 + 1) }),
      413,
      'payload_too_large',
    );
    await expectError(
      await putPart(runId, 1, text, { headers: { 'content-encoding': 'br' } }),
      415,
      'unsupported_media_type',
    );
    await expectError(await putPart(runId, 0, text), 422, 'invalid_request');
    await expectError(await putPart(runId, 10_001, text), 422, 'invalid_request');
    expect(await storedOf(runId)).toEqual({ parts: 0, chunks: 0, objects: [] });
  });

  it('replaces a part uploaded again, and finalizes only parts 1 to n without a gap', async () => {
    const runId = await createPendingRun('replace-part');
    const one = toNdjson(gsm8kRecords(2, 1, () => true, 'p1'));
    const three = toNdjson(gsm8kRecords(2, 1, () => true, 'p3'));
    expect((await putPart(runId, 1, one)).status).toBe(200);
    expect((await putPart(runId, 3, three)).status).toBe(200);
    const gap = await expectError(await finalize(runId), 409, 'invalid_state');
    expect(gap.part).toBe(2);
    const two = toNdjson(gsm8kRecords(3, 1, () => false, 'p2'));
    expect((await putPart(runId, 2, toNdjson(gsm8kRecords(1, 1, () => true, 'p2-old')))).status).toBe(200);
    expect((await putPart(runId, 2, two, { plain: true })).status).toBe(200);
    const stored = await storedOf(runId);
    expect(stored.parts).toBe(3);
    expect(stored.objects).toHaveLength(3);
    await expectError(await finalize(runId, '?parts=2'), 409, 'invalid_state');
    expect((await finalize(runId, '?parts=3')).status).toBe(202);
    const scored = await scoredRun(runId);
    expect(scored.status).toBe('scored');
    expect(await (await api(`/v1/runs/${runId}/generations`)).text()).toBe(one + two + three);
    await expectError(await putPart(runId, 4, one), 409, 'invalid_state');
  });
});
