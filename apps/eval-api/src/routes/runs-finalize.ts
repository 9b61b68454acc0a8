import { createRoute } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { ApiError, errorResponses } from '../errors.js';
import { requireKey } from '../middleware/auth.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { RunIdParamsSchema, RunSchema, runView } from '../schemas/run.js';
import { finalizeRun } from '../services/run-finalize.js';
import { requireRun } from './runs-get.js';

export const runsFinalizeRoute = createRoute({
  method: 'post',
  path: '/v1/runs/{id}/finalize',
  summary: "Enqueue scoring of a run's uploaded generations",
  security: [{ ApiKey: [] }],
  middleware: [requireKey(), rateLimit('WRITE_RATE_LIMITER', (c) => c.get('caller').keyId)] as const,
  request: { params: RunIdParamsSchema },
  responses: {
    202: {
      description: 'Scoring (poll GET /v1/runs/{id})',
      content: { 'application/json': { schema: RunSchema } },
    },
    ...errorResponses(401, 403, 404, 409, 422, 429),
  },
});

export function registerRunsFinalize(app: App): void {
  app.openapi(runsFinalizeRoute, async (c) => {
    const run = await requireRun(c.env.DB, c.req.valid('param').id);
    if (run.owner_key_id !== c.get('caller').keyId)
      throw new ApiError('forbidden', 'only the owner of a run may finalize it');
    const updated = await finalizeRun(c.env.DB, c.env.SCORING_QUEUE, run);
    return c.json(runView(updated), 202);
  });
}
