import { createRoute } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { ApiError, errorResponses } from '../errors.js';
import { RunIdParamsSchema, RunSchema, runView } from '../schemas/run.js';
import { findRun, type RunRow } from '../services/runs.js';

export async function requireRun(db: D1Database, id: string): Promise<RunRow> {
  const run = await findRun(db, id);
  if (!run) throw new ApiError('not_found', `no run ${id}`);
  return run;
}

export const runsGetRoute = createRoute({
  method: 'get',
  path: '/v1/runs/{id}',
  summary: 'A run: its status (pending, scoring, scored, failed with the reason) and report',
  request: { params: RunIdParamsSchema },
  responses: {
    200: { description: 'The run', content: { 'application/json': { schema: RunSchema } } },
    ...errorResponses(404, 422),
  },
});

export function registerRunsGet(app: App): void {
  app.openapi(runsGetRoute, async (c) => {
    const run = await requireRun(c.env.DB, c.req.valid('param').id);
    return c.json(runView(run), 200);
  });
}
