import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { errorResponses } from '../errors.js';
import { RunIdParamsSchema } from '../schemas/run.js';
import { listProblems } from '../services/runs.js';
import { requireRun } from './runs-get.js';

const ProblemsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(512).optional().openapi({ description: 'next_cursor of the previous page' }),
});

const ProblemsPageSchema = z
  .object({
    run_id: z.string(),
    problems: z.array(
      z
        .object({ problem_id: z.string(), n: z.number().int(), c: z.number().int() })
        .passthrough()
        .openapi({ description: 'per-problem n, c, pass@k and lengths, as in the Report' }),
    ),
    next_cursor: z.string().nullable(),
  })
  .openapi('ProblemsPage');

export const runsProblemsRoute = createRoute({
  method: 'get',
  path: '/v1/runs/{id}/problems',
  summary: 'Per-problem results of a run (n, c, pass@k, lengths), paginated',
  request: { params: RunIdParamsSchema, query: ProblemsQuerySchema },
  responses: {
    200: {
      description: 'A page of problems',
      content: { 'application/json': { schema: ProblemsPageSchema } },
    },
    ...errorResponses(404, 422),
  },
});

export function registerRunsProblems(app: App): void {
  app.openapi(runsProblemsRoute, async (c) => {
    const run = await requireRun(c.env.DB, c.req.valid('param').id);
    const { limit, cursor } = c.req.valid('query');
    const page = await listProblems(c.env.DB, run.id, cursor ?? null, limit);
    return c.json({ run_id: run.id, ...page }, 200);
  });
}
