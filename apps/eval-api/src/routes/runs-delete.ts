import { createRoute } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { ApiError, errorResponses } from '../errors.js';
import { requireKeyOrAdmin } from '../middleware/auth.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { RunIdParamsSchema } from '../schemas/run.js';
import { deleteRun } from '../services/runs.js';
import { requireRun } from './runs-get.js';

export const runsDeleteRoute = createRoute({
  method: 'delete',
  path: '/v1/runs/{id}',
  summary: "Delete a run and its generations (the run's owner, or an admin)",
  security: [{ ApiKey: [] }],
  // A delete removes D1 rows and R2 objects: limited like every write, per caller.
  middleware: [requireKeyOrAdmin(), rateLimit('WRITE_RATE_LIMITER', (c) => c.get('caller').keyId)] as const,
  request: { params: RunIdParamsSchema },
  responses: {
    204: { description: 'Deleted' },
    ...errorResponses(401, 403, 404, 422, 429),
  },
});

export function registerRunsDelete(app: App): void {
  app.openapi(runsDeleteRoute, async (c) => {
    const run = await requireRun(c.env.DB, c.req.valid('param').id);
    const caller = c.get('caller');
    if (caller.role !== 'admin' && caller.keyId !== run.owner_key_id) {
      throw new ApiError('forbidden', 'only the owner of a run or an admin may delete it');
    }
    await deleteRun(c.env.DB, c.env.GENERATIONS, run.id);
    return c.body(null, 204);
  });
}
