import { createRoute } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { ApiError, errorResponses } from '../errors.js';
import { requireKeyOrAdmin } from '../middleware/auth.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { RunIdParamsSchema, RunSchema, runView } from '../schemas/run.js';
import { rescoreRun } from '../services/run-rescore.js';
import { requireRun } from './runs-get.js';

export const runsRescoreRoute = createRoute({
  method: 'post',
  path: '/v1/runs/{id}/rescore',
  summary: "Re-score a run from its stored generations with today's verifiers (admin)",
  description:
    'Through the queue, like an upload: the run is `scoring` (and off the board) until every chunk is scored ' +
    'again under every mode, then `scored` with the new report, per-mode scores and verifier versions. ' +
    'Idempotent: a run already scoring is answered 202 as it is, a run every mode of which was scored by the ' +
    "current verifier version 200 as it is. Only scored runs; an admin key or the deployment's admin secret.",
  security: [{ ApiKey: [] }],
  middleware: [requireKeyOrAdmin(), rateLimit('WRITE_RATE_LIMITER', (c) => c.get('caller').keyId)] as const,
  request: { params: RunIdParamsSchema },
  responses: {
    200: {
      description: 'Already scored by the current verifiers; nothing was queued',
      content: { 'application/json': { schema: RunSchema } },
    },
    202: {
      description: 'Being re-scored (poll GET /v1/runs/{id})',
      content: { 'application/json': { schema: RunSchema } },
    },
    ...errorResponses(401, 403, 404, 409, 422, 429),
  },
});

export function registerRunsRescore(app: App): void {
  app.openapi(runsRescoreRoute, async (c) => {
    if (c.get('caller').role !== 'admin') throw new ApiError('forbidden', 'only an admin may re-score a run');
    const run = await requireRun(c.env.DB, c.req.valid('param').id);
    const result = await rescoreRun(c.env.DB, c.env.SCORING_QUEUE, run);
    const status = result.queued || result.run.status === 'scoring' ? 202 : 200;
    return c.json(runView(result.run), status);
  });
}
