import { createRoute, z } from '@hono/zod-openapi';
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
  summary: "Enqueue scoring of a run's uploaded generations (its parts joined in part order)",
  description:
    'Parts 1 to n are joined in part order: a gap is a 409 naming the missing part, and `?parts=n` refuses ' +
    'any other count (a client that knows how many it sent). The same generations in a run already scoring ' +
    'or scored are a 409 naming that run. A run of several parts gets the digest of its part digests.',
  security: [{ ApiKey: [] }],
  middleware: [requireKey(), rateLimit('WRITE_RATE_LIMITER', (c) => c.get('caller').keyId)] as const,
  request: {
    params: RunIdParamsSchema,
    query: z.object({
      parts: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ description: 'the number of parts uploaded; finalize refuses any other count' }),
    }),
  },
  responses: {
    202: {
      description: 'Scoring (poll GET /v1/runs/{id})',
      content: { 'application/json': { schema: RunSchema } },
    },
    ...errorResponses(401, 403, 404, 409, 413, 422, 429),
  },
});

export function registerRunsFinalize(app: App): void {
  app.openapi(runsFinalizeRoute, async (c) => {
    const run = await requireRun(c.env.DB, c.req.valid('param').id);
    if (run.owner_key_id !== c.get('caller').keyId)
      throw new ApiError('forbidden', 'only the owner of a run may finalize it');
    const updated = await finalizeRun(c.env.DB, c.env.SCORING_QUEUE, run, {
      maxRunBytes: c.get('settings').maxRunBytes,
      expectedParts: c.req.valid('query').parts,
    });
    return c.json(runView(updated), 202);
  });
}
