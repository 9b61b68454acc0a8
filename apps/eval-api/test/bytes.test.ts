import { createExecutionContext } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import worker from '../src/index.js';
import { gsm8kRecords, SAMPLING, toNdjson } from './fixtures.js';
import { api, bearer, env, expectError, issueKey, postJson } from './helpers.js';

// One rule for the bytes of every body: UTF-8 or a 400 naming the line, whichever route takes them; and a body
// the client stops sending half-way is the client's 400, never our 500.
const encode = (text: string) => new TextEncoder().encode(text);
const [first, second] = gsm8kRecords(2, 1, () => true);

/** Two good lines, then a line with the byte 0xff inside a string. */
const invalidOnLine3 = new Uint8Array([
  ...encode(`${toNdjson([first!, second!]).trimEnd()}\n{"problem_id":"gsm8k/test/0","completion":"`),
  0xff,
  ...encode('#### 1"}\n'),
]);

let owner: string;

beforeAll(async () => {
  owner = await issueKey('bytes');
});

async function pendingRun(): Promise<string> {
  const response = await postJson(
    '/v1/runs',
    { model: 'bytes/run', method: 'base', sampling: SAMPLING, task: 'gsm8k', taskset: 'gsm8k/test' },
    bearer(owner),
  );
  return ((await response.json()) as { id: string }).id;
}

const storedObjects = async (runId: string) =>
  (await env.GENERATIONS.list({ prefix: `runs/${runId}/` })).objects.length;

describe('invalid UTF-8', () => {
  it('is refused with its line by /v1/score (NDJSON and JSON) and by uploads alike, and nothing is stored', async () => {
    const ndjson = await api('/v1/score?task=gsm8k', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: invalidOnLine3,
    });
    expect((await expectError(ndjson, 400, 'malformed_ndjson')).line).toBe(3);

    const json = await api('/v1/score', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([
        ...encode('{"task":"gsm8k",\n"records":[\n{"problem_id":"gsm8k/test/0","completion":"'),
        0xc3,
        0x28,
        ...encode('"}]}'),
      ]),
    });
    const jsonError = await expectError(json, 400, 'malformed_json');
    expect(jsonError.line).toBe(3);
    expect(jsonError.message).toMatch(/line 3 is not valid UTF-8/);

    const id = await pendingRun();
    const upload = await api(`/v1/runs/${id}/generations`, {
      method: 'PUT',
      headers: { 'content-type': 'application/x-ndjson', ...bearer(owner) },
      body: invalidOnLine3,
    });
    const uploadError = await expectError(upload, 400, 'malformed_ndjson');
    expect(uploadError.line).toBe(3);
    expect(uploadError.message).toMatch(/line 3 is not valid UTF-8/);
    const run = (await (await api(`/v1/runs/${id}`, { headers: bearer(owner) })).json()) as {
      generations: unknown;
    };
    expect(run.generations).toBeNull();
    expect(await storedObjects(id)).toBe(0);
  });
});

/** A body that sends `text`, then fails as a connection that broke does. */
function brokenBody(text: string): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) controller.error(new Error('Network connection lost.'));
      else controller.enqueue(encode(text));
      sent = true;
    },
  });
}

/** The request straight to the Worker's fetch handler: the test sees the body break as the Worker would. */
function sendBroken(path: string, init: RequestInit): Promise<Response> {
  const request = new Request(`http://eval-api.test${path}`, { ...init, duplex: 'half' } as RequestInit);
  return worker.fetch!(request as never, env as never, createExecutionContext()) as Promise<Response>;
}

describe('a client that goes away mid-body', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gets a 400 that says the body was interrupted, not a logged 500 nor "not valid UTF-8"', async () => {
    const logged = vi.spyOn(console, 'error');
    const start = '{"problem_id":"gsm8k/test/0","completion":"#### 1"}\n{"completion":"é';
    for (const type of ['application/x-ndjson', 'application/json']) {
      const response = await sendBroken('/v1/score?task=gsm8k', {
        method: 'POST',
        headers: { 'content-type': type },
        body: brokenBody(start),
      });
      const error = await expectError(response, 400, 'bad_request');
      expect(error.message).toMatch(/request body interrupted: Network connection lost/);
    }
    const id = await pendingRun();
    const upload = await sendBroken(`/v1/runs/${id}/generations`, {
      method: 'PUT',
      headers: { 'content-type': 'application/x-ndjson', 'content-length': '1000', ...bearer(owner) },
      body: brokenBody(start),
    });
    expect((await expectError(upload, 400, 'bad_request')).message).toMatch(/interrupted/);
    expect(await storedObjects(id)).toBe(0);
    expect(logged).not.toHaveBeenCalled();
  });
});
