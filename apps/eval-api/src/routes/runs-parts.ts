import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { errorResponses } from '../errors.js';
import { RunIdParamsSchema } from '../schemas/run.js';
import { listParts, partsDigest } from '../services/run-parts.js';
import { requireRun } from './runs-get.js';

const RunPartSchema = z
  .object({
    part: z.number().int(),
    bytes: z.number().int().openapi({ description: 'decompressed' }),
    lines: z.number().int().openapi({ description: 'newline-terminated lines, blank ones included' }),
    records: z.number().int(),
    digest: z.string().openapi({ description: 'SHA-256 (hex) of the decompressed part' }),
    uploaded_at: z.string(),
  })
  .openapi('RunPart');

export const RunPartsSchema = z
  .object({
    run_id: z.string(),
    parts: z.array(RunPartSchema),
    bytes: z.number().int(),
    records: z.number().int(),
    digest: z
      .string()
      .nullable()
      .openapi({ description: 'the generations digest these parts give (null without parts)' }),
  })
  .openapi('RunParts');

export const runsPartsRoute = createRoute({
  method: 'get',
  path: '/v1/runs/{id}/parts',
  summary: 'The uploaded parts of a run, with their digests: what a resumed upload may skip',
  request: { params: RunIdParamsSchema },
  responses: {
    200: {
      description: 'The parts, in part order',
      content: { 'application/json': { schema: RunPartsSchema } },
    },
    ...errorResponses(404, 422),
  },
});

export function registerRunsParts(app: App): void {
  app.openapi(runsPartsRoute, async (c) => {
    const run = await requireRun(c.env.DB, c.req.valid('param').id);
    const parts = (await listParts(c.env.DB, run.id)).map(({ key: _key, ...part }) => part);
    return c.json(
      {
        run_id: run.id,
        parts,
        bytes: parts.reduce((sum, part) => sum + part.bytes, 0),
        records: parts.reduce((sum, part) => sum + part.records, 0),
        digest: parts.length === 0 ? null : await partsDigest(parts.map((part) => part.digest)),
      },
      200,
    );
  });
}
