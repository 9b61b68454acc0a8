import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { errorResponses } from '../errors.js';
import { requireKey } from '../middleware/auth.js';
import { jsonBody } from '../middleware/json-body.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { RunCreateSchema, RunSchema, runView } from '../schemas/run.js';
import { sha256Hex } from '../services/digest.js';
import { createRun } from '../services/run-create.js';

export const runsCreateRoute = createRoute({
  method: 'post',
  path: '/v1/runs',
  summary: 'Create a leaderboard run',
  description:
    'With `records`, the run is scored in the request (201, status `scored`). Without, it is `pending`: upload ' +
    'NDJSON to PUT /v1/runs/{id}/generations, then POST /v1/runs/{id}/finalize. A retry with the same ' +
    '`Idempotency-Key` and body returns the same run (200, `Idempotent-Replayed: true`).',
  security: [{ ApiKey: [] }],
  middleware: [
    requireKey(),
    rateLimit('WRITE_RATE_LIMITER', (c) => c.get('caller').keyId),
    jsonBody((settings) => settings.maxInlineRunBytes),
  ] as const,
  request: {
    headers: z.object({ 'idempotency-key': z.string().min(1).max(255).optional() }),
    body: { required: true, content: { 'application/json': { schema: RunCreateSchema } } },
  },
  responses: {
    201: { description: 'Run created', content: { 'application/json': { schema: RunSchema } } },
    200: {
      description: 'Replay of an earlier request',
      content: { 'application/json': { schema: RunSchema } },
    },
    ...errorResponses(400, 401, 409, 413, 415, 422, 429),
  },
});

export function registerRunsCreate(app: App): void {
  app.openapi(runsCreateRoute, async (c) => {
    const { records, ...meta } = c.req.valid('json');
    const key = c.req.valid('header')['idempotency-key'];
    const idempotency =
      key === undefined ? undefined : { key, requestHash: await sha256Hex(c.get('rawBody')) };
    const { run, replayed } = await createRun(
      { db: c.env.DB, bucket: c.env.GENERATIONS },
      { ownerKeyId: c.get('caller').keyId, meta, records, idempotency },
    );
    c.header('Location', `/v1/runs/${run.id}`);
    if (replayed) {
      c.header('Idempotent-Replayed', 'true');
      return c.json(runView(run), 200);
    }
    return c.json(runView(run), 201);
  });
}
