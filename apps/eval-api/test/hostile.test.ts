import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { api } from './helpers.js';

let request = 0;
/** A fresh client address per request, so the property runs stay under the per-client rate limit. */
function clientHeaders(contentType: string): Record<string, string> {
  request++;
  return { 'content-type': contentType, 'cf-connecting-ip': `198.51.${request >> 8}.${request & 255}` };
}

async function expectClientError(response: Response): Promise<void> {
  expect(response.status).not.toBeGreaterThanOrEqual(500);
  if (response.status !== 200) {
    const body = (await response.json()) as { error: { code: string; requestId: string } };
    expect(typeof body.error.code).toBe('string');
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
  } else {
    await response.arrayBuffer();
  }
}

const recordLike = fc.record(
  {
    problem_id: fc.oneof(
      fc.constantFrom('gsm8k/test/0', 'gsm8k/test/1', 'countdown/test/0'),
      fc.string(),
      fc.integer(),
    ),
    completion: fc.oneof(fc.string(), fc.constantFrom('#### 18', '<answer>1+2</answer>'), fc.jsonValue()),
    reference: fc.oneof(
      fc.jsonValue(),
      fc.constant({ answer: '18' }),
      fc.constant({ target: 3, numbers: [1, 2] }),
    ),
    num_tokens: fc.oneof(fc.integer(), fc.double()),
    truncated: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

const scoreBody = fc.record(
  {
    task: fc.oneof(fc.constantFrom('gsm8k', 'countdown'), fc.string()),
    taskset: fc.oneof(fc.constantFrom('gsm8k/test', 'countdown/test'), fc.string()),
    mode: fc.oneof(fc.constantFrom('auto', 'strict', 'tinyzero'), fc.string()),
    k: fc.oneof(fc.array(fc.integer({ min: -2, max: 20 })), fc.jsonValue()),
    records: fc.oneof(fc.array(recordLike, { maxLength: 6 }), fc.jsonValue()),
  },
  { requiredKeys: [] },
);

describe('anything a client can send', () => {
  it('never gets a 500 from POST /v1/score as JSON', async () => {
    await fc.assert(
      fc.asyncProperty(scoreBody, async (body) => {
        await expectClientError(
          await api('/v1/score', {
            method: 'POST',
            headers: clientHeaders('application/json'),
            body: JSON.stringify(body),
          }),
        );
      }),
      { numRuns: 150 },
    );
  });

  it('never gets a 500 from POST /v1/score as NDJSON', async () => {
    const line = fc.oneof(
      fc.string(),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      recordLike.map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 6 }),
        fc.constantFrom('gsm8k', 'countdown', 'other'),
        async (lines, task) => {
          await expectClientError(
            await api(`/v1/score?task=${task}`, {
              method: 'POST',
              headers: clientHeaders('application/x-ndjson'),
              body: lines.join('\n'),
            }),
          );
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never gets a 500 from the query-string endpoints', async () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer().map(String),
      fc.constantFrom('gsm8k', 'csv', 'pass@1', 'run_00000000000000000000'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.constantFrom(
            'task',
            'taskset',
            'k',
            'sort',
            'method',
            'format',
            'a',
            'b',
            'seed',
            'limit',
            'cursor',
          ),
          value,
        ),
        fc.constantFrom('/v1/leaderboard', '/v1/compare', '/v1/runs/run_00000000000000000000/problems'),
        async (query, path) => {
          await expectClientError(
            await api(`${path}?${new URLSearchParams(query)}`, {
              headers: clientHeaders('application/json'),
            }),
          );
        },
      ),
      { numRuns: 50 },
    );
  });
});
