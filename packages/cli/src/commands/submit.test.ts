import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiRequestError, retryAfterMs, submit } from './submit.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  raw: Buffer;
}

/** A local HTTP server speaking the eval-api's run protocol; `plan` decides each response's status. */
async function apiServer(
  plan: (req: Seen, index: number) => { status: number; body?: unknown; headers?: Record<string, string> },
) {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const request = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      body: raw.toString(),
      raw,
    };
    seen.push(request);
    const reply = plan(request, seen.length - 1);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(JSON.stringify(reply.body ?? {}));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise((r) => server.close(r)) };
}

let closeServer: (() => Promise<unknown>) | undefined;
afterEach(async () => closeServer?.());

const lines = [
  { problem_id: 'countdown/test/0', completion: 'a', num_tokens: 1, sample_index: 0, truncated: false },
  { problem_id: 'countdown/test/0', completion: 'b', num_tokens: 1, sample_index: 1, truncated: true },
];
const baseOptions = {
  key: 'cxk_test',
  model: 'tiny-sft',
  method: 'sft',
  step: '300',
  task: 'countdown',
  temperature: '0.8',
  topP: '0.95',
  maxTokens: '256',
  retries: '4',
};

describe('submit', () => {
  it('sends small files inline, retrying a 429 after Retry-After with the same idempotency key', async () => {
    const file = join(tmpdir(), `crossover-submit-${process.pid}-a.jsonl`);
    await writeFile(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const api = await apiServer((_, i) =>
      i === 0
        ? { status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 'rate_limited' } } }
        : { status: 201, body: { id: 'run_1', status: 'scored', links: { self: '/v1/runs/run_1' } } },
    );
    closeServer = api.close;
    const url = await submit(file, { ...baseOptions, api: `${api.url}/`, inlineLimit: '100000' });
    expect(url).toBe(`${api.url}/v1/runs/run_1`);
    expect(api.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v1/runs', 'POST /v1/runs']);
    const [first, second] = api.seen;
    expect(first?.headers['idempotency-key']).toBe(second?.headers['idempotency-key']);
    expect(first?.headers.authorization).toBe('Bearer cxk_test');
    expect(JSON.parse(second?.body ?? '')).toEqual({
      model: 'tiny-sft',
      method: 'sft',
      step: 300,
      sampling: { temperature: 0.8, top_p: 0.95, max_tokens: 256 },
      task: 'countdown',
      taskset: 'countdown/test',
      records: lines,
    });
  });

  it('uploads large files as gzipped parts cut at line ends, retrying a 503 part, then finalizes', async () => {
    const file = join(tmpdir(), `crossover-submit-${process.pid}-b.jsonl`);
    const text = lines.map((l) => JSON.stringify(l)).join('\n'); // no newline at the end: the CLI adds it
    await writeFile(file, text);
    let uploads = 0;
    const api = await apiServer((req) => {
      if (req.method === 'POST' && req.url === '/v1/runs')
        return { status: 201, body: { id: 'run_2', status: 'pending' } };
      if (req.method === 'GET') return { status: 200, body: { parts: [] } };
      if (req.method === 'PUT')
        return ++uploads === 1 ? { status: 503 } : { status: 200, body: { id: 'run_2', status: 'pending' } };
      return { status: 200, body: { id: 'run_2', status: 'scoring', links: { self: '/v1/runs/run_2' } } };
    });
    closeServer = api.close;
    // Each line is ~90 bytes: parts of at most 100 bytes hold one line each.
    const url = await submit(file, { ...baseOptions, api: api.url, inlineLimit: '10', partBytes: '100' });
    expect(url).toBe(`${api.url}/v1/runs/run_2`);
    expect(api.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/runs',
      'GET /v1/runs/run_2/parts',
      'PUT /v1/runs/run_2/generations/1',
      'PUT /v1/runs/run_2/generations/1',
      'PUT /v1/runs/run_2/generations/2',
      'POST /v1/runs/run_2/finalize?parts=2',
    ]);
    expect(JSON.parse(api.seen[0]?.body ?? '').records).toBeUndefined();
    const [first, second] = [api.seen[3]!, api.seen[4]!];
    const sent = [gunzipSync(first.raw).toString(), gunzipSync(second.raw).toString()];
    expect(sent).toEqual(text.split('\n').map((line) => `${line}\n`));
    expect(first.headers).toMatchObject({
      'content-type': 'application/x-ndjson',
      'content-encoding': 'gzip',
      'x-decoded-content-length': String(Buffer.byteLength(sent[0]!)),
    });
  });

  it('resumes: a rerun skips the parts the server holds with the same digest', async () => {
    const file = join(tmpdir(), `crossover-submit-${process.pid}-r.jsonl`);
    const text = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
    await writeFile(file, text);
    const firstLine = `${JSON.stringify(lines[0])}\n`;
    const digest = createHash('sha256').update(firstLine).digest('hex');
    const api = await apiServer((req) => {
      if (req.method === 'POST' && req.url === '/v1/runs')
        return { status: 200, body: { id: 'run_3', status: 'pending' } };
      if (req.method === 'GET')
        return {
          status: 200,
          body: {
            parts: [
              { part: 1, digest },
              { part: 2, digest },
            ],
          },
        };
      if (req.method === 'PUT') return { status: 200, body: { id: 'run_3', status: 'pending' } };
      return { status: 200, body: { id: 'run_3', status: 'scoring' } };
    });
    closeServer = api.close;
    await submit(file, { ...baseOptions, api: api.url, inlineLimit: '10', partBytes: '100' });
    // Part 1 is there; part 2 has another digest, so it goes again.
    expect(api.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/runs',
      'GET /v1/runs/run_3/parts',
      'PUT /v1/runs/run_3/generations/2',
      'POST /v1/runs/run_3/finalize?parts=2',
    ]);
  });

  it('states the provenance it is given, splitting name@version, and checks the options first', async () => {
    const file = join(tmpdir(), `crossover-submit-${process.pid}-d.jsonl`);
    await writeFile(file, `${JSON.stringify(lines[0])}\n`);
    const api = await apiServer(() => ({ status: 201, body: { id: 'run_3', status: 'scored' } }));
    closeServer = api.close;
    const stated = {
      ...baseOptions,
      api: api.url,
      inlineLimit: '100000',
      modelRevision: 'step-300',
      promptTemplate: 'compact',
      promptTemplateDigest: 'ef'.repeat(32),
      generator: 'crossover-sample@0.1.0',
    };
    await submit(file, stated);
    expect(JSON.parse(api.seen[0]?.body ?? '').provenance).toEqual({
      model_revision: 'step-300',
      prompt_template: { name: 'compact', digest: 'ef'.repeat(32) },
      generator: { name: 'crossover-sample', version: '0.1.0' },
    });
    await submit(file, { ...baseOptions, api: api.url, inlineLimit: '100000', generator: 'vllm' });
    expect(JSON.parse(api.seen[1]?.body ?? '').provenance).toEqual({ generator: { name: 'vllm' } });
    const { promptTemplate: _name, ...digestAlone } = stated;
    await expect(submit(file, digestAlone)).rejects.toThrow(
      '--prompt-template-digest needs --prompt-template',
    );
    expect(api.seen).toHaveLength(2);
  });

  it('refuses a missing key or a bad option before reading or converting the file', async () => {
    const parquet = join(import.meta.dirname, '../../test-fixtures/verl/gsm8k-generation.parquet');
    const saved = process.env.CROSSOVER_API_KEY;
    delete process.env.CROSSOVER_API_KEY;
    try {
      const options = { ...baseOptions, task: 'gsm8k', api: 'http://127.0.0.1:9', inlineLimit: '1' };
      const { key: _key, ...keyless } = options;
      await expect(submit(parquet, keyless)).rejects.toThrow('an API key is required');
      // a file that does not exist is never opened when the options are already wrong
      await expect(submit('/nonexistent/file.parquet', keyless)).rejects.toThrow('an API key is required');
      await expect(submit('/nonexistent/file.parquet', { ...options, partBytes: '0' })).rejects.toThrow(
        /--part-bytes/,
      );
    } finally {
      if (saved !== undefined) process.env.CROSSOVER_API_KEY = saved;
    }
  });

  it('gives up with the error envelope message on a 422', async () => {
    const file = join(tmpdir(), `crossover-submit-${process.pid}-c.jsonl`);
    await writeFile(file, `${JSON.stringify(lines[0])}\n`);
    const api = await apiServer(() => ({
      status: 422,
      body: { error: { code: 'invalid', message: 'bad method' } },
    }));
    closeServer = api.close;
    const refused = submit(file, { ...baseOptions, api: api.url, inlineLimit: '100000' });
    await expect(refused).rejects.toThrow('422 invalid: bad method');
    await expect(refused).rejects.toBeInstanceOf(ApiRequestError);
    expect(api.seen).toHaveLength(1);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('Sun, 22 Nov 2026 08:00:10 GMT', Date.parse('Sun, 22 Nov 2026 08:00:00 GMT'))).toBe(
      10_000,
    );
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });
});
