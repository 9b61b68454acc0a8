import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { ApiError, errorResponses } from '../errors.js';
import { RunIdParamsSchema } from '../schemas/run.js';
import { requireRun } from './runs-get.js';

export const runsGenerationsRoute = createRoute({
  method: 'get',
  path: '/v1/runs/{id}/generations',
  summary: 'The raw generations of a run as NDJSON, so anyone can re-score and audit',
  request: { params: RunIdParamsSchema },
  responses: {
    200: {
      description: 'NDJSON, one generation record a line',
      content: { 'application/x-ndjson': { schema: z.string() } },
    },
    ...errorResponses(404, 422),
  },
});

export function registerRunsGenerations(app: App): void {
  app.openapi(runsGenerationsRoute, async (c) => {
    const run = await requireRun(c.env.DB, c.req.valid('param').id);
    const object = run.generations_key === null ? null : await c.env.GENERATIONS.get(run.generations_key);
    if (!object) throw new ApiError('not_found', `run ${run.id} has no uploaded generations`);
    // Streamed straight from R2: a large file never sits in the Worker's memory. (The typed responses only
    // know string bodies, hence the cast.)
    const response = c.body(object.body, 200, {
      'Content-Type': 'application/x-ndjson',
      'Content-Length': String(object.size),
      ETag: object.httpEtag,
      'X-Generations-Digest': `sha-256=${run.generations_digest}`,
      // Model output, never rendered in place by a browser.
      'Content-Disposition': `attachment; filename="${run.id}.jsonl"`,
    });
    return response as never;
  });
}
