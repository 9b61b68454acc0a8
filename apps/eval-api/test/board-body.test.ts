import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/pages/layout.js';
import { boardBodyOf, etagOf } from '../src/services/board-cache.js';
import { gsm8kRecords, SAMPLING } from './fixtures.js';
import { api, bearer, issueKey, postJson } from './helpers.js';

// The board's JSON and HTML are served from ready bytes cached per board version, with the ETag of those
// bytes; a write must reach both at once in the isolate that took it, even for a client holding an ETag.
// Each test has a board of its own: a base model nobody else uses.
function boardOf(baseModel: string) {
  const filter = `base_model=${encodeURIComponent(baseModel)}`;
  return {
    json: `/v1/leaderboard?task=gsm8k&k=2&${filter}`,
    csv: `/v1/leaderboard?task=gsm8k&k=2&format=csv&${filter}`,
    page: `/?task=gsm8k&${filter}`,
  };
}

async function createRun(key: string, baseModel: string, salt: string): Promise<string> {
  const response = await postJson(
    '/v1/runs',
    {
      model: `body/${salt}`,
      base_model: baseModel,
      method: 'sft',
      sampling: SAMPLING,
      task: 'gsm8k',
      taskset: 'gsm8k/test',
      records: gsm8kRecords(3, 2, (i) => i === 1, `${baseModel}-${salt}`),
    },
    bearer(key),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const pageRunIds = (page: string) =>
  [...page.matchAll(/<tr data-run="(run_[0-9a-f]{20})">/g)].map((match) => match[1]);

function conditional(path: string, etag: string): Promise<Response> {
  return api(path, { headers: { 'if-none-match': etag } });
}

describe('etagOf', () => {
  it('tags bytes with the first 128 bits of their SHA-256', async () => {
    const bytes = new TextEncoder().encode('abc') as Uint8Array<ArrayBuffer>;
    expect(await etagOf(bytes)).toBe('"ba7816bf8f01cfea414140de5dae2223"');
    const body = await boardBodyOf('abc');
    expect(body.bytes).toEqual(bytes);
    expect(body.etag).toBe('"ba7816bf8f01cfea414140de5dae2223"');
    expect(await gunzip(body.gzipped)).toEqual(bytes);
  });
});

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('gzip of cached bodies', () => {
  it('sends the board page and JSON gzipped to clients that take gzip, the same content either way', async () => {
    const board = boardOf(`gzip-${crypto.randomUUID()}`);
    for (const path of [board.page, board.json]) {
      const plain = await api(path, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(plain.headers.get('vary')).toBe('Accept-Encoding');
      const text = await plain.text();
      const zipped = await api(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(zipped.status).toBe(200);
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      expect(zipped.headers.get('etag')).toBe(plain.headers.get('etag'));
      // the gzip response is built by the route, not through Hono's c.body: it still names its request
      for (const response of [plain, zipped]) {
        expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      }
      expect(zipped.headers.get('x-request-id')).not.toBe(plain.headers.get('x-request-id'));
      const raw = new Uint8Array(await zipped.arrayBuffer());
      // a client may hand the body over still encoded or already decoded; its content must be the page
      const isGzip = raw[0] === 0x1f && raw[1] === 0x8b;
      expect(new TextDecoder().decode(isGzip ? await gunzip(raw) : raw)).toBe(text);
      // Accept-Encoding is read as a list with weights: gzip at q=0 is refused, gzip among others is taken
      for (const [accept, encoding] of [
        ['gzip;q=0, identity', null],
        ['br;q=1.0, GZIP;q=0.5', 'gzip'],
        ['x-gzip', 'gzip'],
      ] as const) {
        const response = await api(path, { headers: { 'accept-encoding': accept } });
        expect([accept, response.headers.get('content-encoding')]).toEqual([accept, encoding]);
      }
    }
  });
});

describe('cached board bodies', () => {
  it('serve the same bytes to every request, and 304 to a client that holds them', async () => {
    const baseModel = `body-reads-${crypto.randomUUID()}`;
    const { json: JSON_BOARD, csv: CSV_BOARD } = boardOf(baseModel);
    const key = await issueKey('body');
    const id = await createRun(key, baseModel, 'one');
    const first = await api(JSON_BOARD);
    const text = await first.text();
    // the second read comes from the isolate's memo: the shared bytes must not have been consumed
    const second = await api(JSON_BOARD);
    expect(await second.text()).toBe(text);
    expect((JSON.parse(text) as { runs: { run_id: string }[] }).runs.map((run) => run.run_id)).toEqual([id]);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(second.headers.get('etag')).toBe(etag);
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(etag).toBe(await etagOf(new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>));

    const notModified = await conditional(JSON_BOARD, `"other", ${etag}`);
    expect([notModified.status, await notModified.text(), notModified.headers.get('etag')]).toEqual([
      304,
      '',
      etag,
    ]);
    expect(notModified.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(notModified.headers.get('cache-control')).toBe('no-cache');
    // If-None-Match is compared weakly and honours *; another tag, or the prefix of this one, is a 200
    for (const [ifNoneMatch, status] of [
      [`W/${etag}`, 304],
      ['*', 304],
      ['"other"', 200],
      [etag!.slice(0, -2) + '"', 200],
    ] as const) {
      const response = await conditional(JSON_BOARD, ifNoneMatch);
      expect([ifNoneMatch, response.status]).toEqual([ifNoneMatch, status]);
    }
    // CSV is another representation: its own bytes and ETag
    const csv = await api(CSV_BOARD);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await csv.text()).split('\n')[1]?.split(',').slice(0, 2)).toEqual(['1', id]);
    expect(csv.headers.get('etag')).not.toBe(etag);
  });

  it('never serve the cached page or board, nor a 304, after a run is added or deleted', async () => {
    const baseModel = `body-writes-${crypto.randomUUID()}`;
    const { json: JSON_BOARD, page: PAGE } = boardOf(baseModel);
    const key = await issueKey('body-writes');
    const kept = await createRun(key, baseModel, 'kept');
    const page = await api(PAGE);
    const pageEtag = page.headers.get('etag')!;
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(pageRunIds(await page.text())).toEqual([kept]);
    const unchanged = await conditional(PAGE, pageEtag);
    expect([unchanged.status, unchanged.headers.get('content-security-policy')]).toEqual([
      304,
      CONTENT_SECURITY_POLICY,
    ]);
    const boardEtag = (await api(JSON_BOARD)).headers.get('etag')!;

    const added = await createRun(key, baseModel, 'added');
    const pageAfterAdd = await conditional(PAGE, pageEtag);
    expect(pageAfterAdd.status).toBe(200);
    expect(pageRunIds(await pageAfterAdd.text())).toEqual([kept, added]);
    const boardAfterAdd = await conditional(JSON_BOARD, boardEtag);
    expect(boardAfterAdd.status).toBe(200);
    const runs = ((await boardAfterAdd.json()) as { runs: { run_id: string }[] }).runs;
    expect(runs.map((run) => run.run_id).sort()).toEqual([kept, added].sort());

    const deleted = await api(`/v1/runs/${added}`, { method: 'DELETE', headers: bearer(key) });
    expect(deleted.status).toBe(204);
    const pageAfterDelete = await conditional(PAGE, pageAfterAdd.headers.get('etag')!);
    expect(pageAfterDelete.status).toBe(200);
    expect(pageRunIds(await pageAfterDelete.text())).toEqual([kept]);
    // the same rows as before the add, so the same bytes: the client's first ETag is current again
    expect(pageAfterDelete.headers.get('etag')).toBe(pageEtag);
    expect((await conditional(JSON_BOARD, boardEtag)).status).toBe(304);
  });
});
