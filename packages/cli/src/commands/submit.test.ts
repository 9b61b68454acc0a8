import { once } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiRequestError, retryAfterMs, submit } from './submit.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local HTTP server speaking the eval-api's run protocol; `plan` decides each response's status. */
async function apiServer(
  plan: (req: Seen, index: number) => { status: number; body?: unknown; headers?: Record<string, string> },
) {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
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

  it('streams large files to the upload endpoint, retrying a 503 from the start, then finalizes', async () => {
    const file = join(tmpdir(), `crossover-submit-${process.pid}-b.jsonl`);
    const text = `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
    await writeFile(file, text);
    let uploads = 0;
    const api = await apiServer((req) => {
      if (req.method === 'POST' && req.url === '/v1/runs')
        return { status: 201, body: { id: 'run_2', status: 'pending' } };
      if (req.method === 'PUT')
        return ++uploads === 1 ? { status: 503 } : { status: 200, body: { id: 'run_2', status: 'pending' } };
      return { status: 200, body: { id: 'run_2', status: 'scoring', links: { self: '/v1/runs/run_2' } } };
    });
    closeServer = api.close;
    const url = await submit(file, { ...baseOptions, api: api.url, inlineLimit: '10' });
    expect(url).toBe(`${api.url}/v1/runs/run_2`);
    expect(api.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /v1/runs',
      'PUT /v1/runs/run_2/generations',
      'PUT /v1/runs/run_2/generations',
      'POST /v1/runs/run_2/finalize',
    ]);
    expect(JSON.parse(api.seen[0]?.body ?? '').records).toBeUndefined();
    expect(api.seen[2]?.body).toBe(text);
    expect(api.seen[2]?.headers['content-type']).toBe('application/x-ndjson');
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
