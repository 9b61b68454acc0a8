import { z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { RunIdSchema } from '../schemas/run.js';
import { MAX_PARTS } from '../services/run-parts.js';
import { PART_RULES, partUploadRoute, respondToPartUpload } from './runs-upload.js';

export const RunPartParamsSchema = z.object({
  id: RunIdSchema.openapi({ param: { name: 'id', in: 'path' }, example: 'run_0123456789abcdef0123' }),
  part: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PARTS)
    .openapi({ param: { name: 'part', in: 'path' }, example: 2, description: `1 to ${MAX_PARTS}` }),
});

export const runsUploadPartRoute = partUploadRoute(
  '/v1/runs/{id}/generations/{part}',
  "Upload one part of a pending run's generations (NDJSON, gzipped or not)",
  `${PART_RULES} Parts may arrive in any order and in parallel; POST /v1/runs/{id}/finalize joins parts 1 ` +
    'to n in part order (line numbers of scoring errors continue across parts) and refuses a gap.',
  RunPartParamsSchema,
);

export function registerRunsUploadPart(app: App): void {
  app.openapi(runsUploadPartRoute, (c) => {
    const { id, part } = c.req.valid('param');
    return respondToPartUpload(c, id, part);
  });
}
