import { describe, expect, it } from 'vitest';
import { gsm8kRecords, toNdjson } from './fixtures.js';
import { api, expectError, postJson } from './helpers.js';

const MAX_SCORE_BYTES = 4 * 1024 * 1024; // vitest.config.ts lowers the limit to this

function chunkedBody(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + 64 * 1024));
      offset += 64 * 1024;
    },
  });
}

describe('the error envelope', () => {
  it('answers unknown routes with 404 in the envelope, with the request id', async () => {
    const response = await api('/v1/nothing-here');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const error = await expectError(response, 404, 'not_found');
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON with 400 and the line of the syntax error', async () => {
    const body = '{\n  "task": "gsm8k",\n  "records": [\n    {"completion": "x",}\n  ]\n}';
    const response = await api('/v1/score', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const error = await expectError(response, 400, 'malformed_json');
    expect(error.line).toBe(4);
  });

  it('answers malformed NDJSON with 400 and the line number', async () => {
    const records = gsm8kRecords(2, 1, () => true);
    const body = `${JSON.stringify(records[0])}\n${JSON.stringify(records[1])}\n{"problem_id": "gsm8k/test/0", "completion": \n`;
    const response = await api('/v1/score?task=gsm8k', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    const error = await expectError(response, 400, 'malformed_ndjson');
    expect(error.line).toBe(3);
  });

  it('answers a declared Content-Length over the limit with 413 before reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const response = await api('/v1/score', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(MAX_SCORE_BYTES + 1) },
      body,
      // @ts-expect-error workerd's RequestInit accepts duplex for streamed bodies
      duplex: 'half',
    });
    await expectError(response, 413, 'payload_too_large');
    expect(pulled).toBeLessThan(64);
  });

  it('answers a streamed body without Content-Length with 413 once it passes the limit', async () => {
    const records = gsm8kRecords(1, 1, () => true);
    const big = toNdjson(Array.from({ length: Math.ceil((MAX_SCORE_BYTES + 1) / 120) }, () => records[0]));
    expect(big.length).toBeGreaterThan(MAX_SCORE_BYTES);
    const response = await api('/v1/score?task=gsm8k', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: chunkedBody(big),
    });
    await expectError(response, 413, 'payload_too_large');
  });

  it('answers other content types with 415', async () => {
    const response = await api('/v1/score', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    await expectError(response, 415, 'unsupported_media_type');
  });

  it('answers schema violations with 422 naming the field', async () => {
    const response = await postJson('/v1/score', {
      task: 'gsm8k',
      records: [{ problem_id: 'gsm8k/test/0', completion: 7 }],
    });
    const error = await expectError(response, 422, 'invalid_request');
    expect(error.field).toBe('records.0.completion');
    const missing = await postJson('/v1/score', { records: [] });
    expect((await expectError(missing, 422, 'invalid_request')).field).toBe('task');
  });

  it('never answers hostile input with a 500', async () => {
    const megabyte = 'x'.repeat(1024 * 1024);
    const hostile = await postJson('/v1/score', {
      task: 'gsm8k',
      records: [
        { problem_id: 'gsm8k/test/0', completion: megabyte },
        { problem_id: 'gsm8k/test/0', completion: `${'('.repeat(500_000)}#### 18${')'.repeat(400_000)}` },
        { problem_id: 'gsm8k/test/0', completion: `${'1,'.repeat(300_000)}` },
      ],
    });
    expect(hostile.status).toBe(200);
    expect(((await hostile.json()) as { n_samples: number }).n_samples).toBe(3);

    const deep = `{"task":"gsm8k","records":[{"completion":"#### 1","reference":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}]}`;
    const nested = await api('/v1/score', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: deep,
    });
    const tooDeep = await expectError(nested, 422, 'invalid_request');
    expect(tooDeep).toMatchObject({ field: 'body', line: 1 });
    expect(tooDeep.message).toMatch(/nested deeper than 64 levels/);

    const deepArray = `{"task":"gsm8k","records":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const arrays = await api('/v1/score', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: deepArray,
    });
    expect((await expectError(arrays, 422, 'invalid_request')).field).toBe('body');

    const ndjsonDeep = `{"completion":"x","reference":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`;
    const lines = await api('/v1/score?task=gsm8k', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: ndjsonDeep,
    });
    const deepLine = await expectError(lines, 422, 'invalid_request');
    expect(deepLine.line).toBe(1);
    expect(deepLine.message).toMatch(/nested deeper than 64 levels/);

    const notUtf8 = await api('/v1/score?task=gsm8k', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
    });
    await expectError(notUtf8, 400, 'malformed_ndjson');
  });

  it('refuses a completion or a prompt over its limit with 422 naming the field and the line', async () => {
    const long = 'x'.repeat(1024 * 1024 + 1);
    const ndjson = await api('/v1/score?task=gsm8k', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: toNdjson([gsm8kRecords(1, 1, () => true)[0]!, { problem_id: 'gsm8k/test/0', completion: long }]),
    });
    const completion = await expectError(ndjson, 422, 'invalid_request');
    expect(completion).toMatchObject({ field: 'records.1.completion', line: 2 });
    expect(completion.message).toMatch(/completion is longer than the limit of 1048576 characters/);
    const json = await postJson('/v1/score', {
      task: 'gsm8k',
      records: [{ completion: '#### 1', prompt: long }],
    });
    expect((await expectError(json, 422, 'invalid_request')).field).toBe('records.0.prompt');
  });

  it('scores NDJSON sent as application/ndjson or application/jsonl too', async () => {
    const body = toNdjson(gsm8kRecords(2, 1, () => true));
    for (const type of ['application/ndjson', 'application/jsonl', 'application/x-ndjson; charset=utf-8']) {
      const response = await api('/v1/score?task=gsm8k', {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { n_samples: number }).n_samples).toBe(2);
    }
  });

  it('answers an lm-eval document with more generations than allowed with 422 naming the line, not 500', async () => {
    // 150,000 strings: a push(...) spread of them throws RangeError.
    const sample = { doc_id: 0, doc: { answer: '#### 1' }, resps: [Array(150_000).fill('x')] };
    const response = await api('/v1/score?task=gsm8k&format=lm-eval', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({ ...sample, doc_id: 1, resps: [['#### 1']] })}\n${JSON.stringify(sample)}\n`,
    });
    const error = await expectError(response, 422, 'invalid_request');
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/more than 65536 generations/);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a client passes the limit', async () => {
    // wrangler.jsonc: 120 scoring requests a minute per client. The limiter counts in fixed windows, so a
    // window may roll over mid-test: the 429 must come after at least 120 and at most 240 requests.
    const headers = { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.77' };
    let accepted = 0;
    let limited: Response | null = null;
    while (limited === null && accepted <= 240) {
      const response = await api('/v1/score', { method: 'POST', headers, body: '{}' });
      if (response.status === 429) limited = response;
      else {
        expect(response.status).toBe(422);
        await response.arrayBuffer();
        accepted++;
      }
    }
    expect(limited).not.toBeNull();
    expect(accepted).toBeGreaterThanOrEqual(120);
    expect(limited!.headers.get('retry-after')).toBe('60');
    await expectError(limited!, 429, 'rate_limited');
    const other = await api('/v1/score', {
      method: 'POST',
      headers: { ...headers, 'cf-connecting-ip': '203.0.113.78' },
      body: '{}',
    });
    expect(other.status).toBe(422);
  });
});
