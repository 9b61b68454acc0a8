import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { App, AppEnv } from '../app-env.js';
import { ApiError, errorResponses } from '../errors.js';
import { DECODED_LENGTH_HEADER, partBodyOf } from '../http/part-body.js';
import { requireKey } from '../middleware/auth.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { RunIdParamsSchema, RunSchema, runView } from '../schemas/run.js';
import { uploadPart } from '../services/part-upload.js';
import type { RunRow } from '../services/runs.js';
import { requireRun } from './runs-get.js';

export const PART_RULES =
  'The body is NDJSON, plain (with its Content-Length) or `Content-Encoding: gzip` (with ' +
  `${DECODED_LENGTH_HEADER}, its size decompressed); it is decompressed as it streams into R2, hashed on the ` +
  'way, and limits (MAX_UPLOAD_BYTES a part, MAX_RUN_BYTES a run) count decompressed bytes. A part is whole ' +
  'lines: its last byte is a newline. Invalid UTF-8, corrupt gzip or a part that ends mid-line is a 400, a ' +
  'line over 8 MiB a 413, each naming the part and its line (counted within the part); a refused part ' +
  'leaves nothing stored. Uploading a part again before finalize replaces it.';

/** A part upload's route, numbered or not: the same request, rules and responses. */
export function partUploadRoute<Params extends z.ZodObject>(
  path: string,
  summary: string,
  description: string,
  params: Params,
) {
  return createRoute({
    method: 'put',
    path,
    summary,
    description,
    security: [{ ApiKey: [] }],
    middleware: [requireKey(), rateLimit('WRITE_RATE_LIMITER', (c) => c.get('caller').keyId)] as const,
    request: {
      params,
      headers: z.object({
        'content-encoding': z
          .string()
          .optional()
          .openapi({ description: 'gzip, or none: the part is decompressed as it streams in' }),
        'x-decoded-content-length': z
          .string()
          .optional()
          .openapi({ description: "the part's size decompressed; required with Content-Encoding: gzip" }),
      }),
      body: {
        required: false,
        content: {
          'application/x-ndjson': {
            schema: z
              .string()
              .openapi({ description: 'one GenerationRecord a line, every line ending in \\n' }),
          },
          // Plain schemas, not zod: the library would take `application/jsonl` for JSON and parse it whole.
          'application/ndjson': { schema: { type: 'string', description: 'as application/x-ndjson' } },
          'application/jsonl': { schema: { type: 'string', description: 'as application/x-ndjson' } },
        },
      },
    },
    responses: {
      200: {
        description: 'Stored; the run stays pending (its generations are the parts so far)',
        content: { 'application/json': { schema: RunSchema } },
      },
      ...errorResponses(400, 401, 403, 404, 409, 411, 413, 415, 422, 429),
    },
  });
}

export const runsUploadRoute = partUploadRoute(
  '/v1/runs/{id}/generations',
  "Upload a pending run's generations as one NDJSON file (part 1 of a multi-part upload)",
  `The same as PUT /v1/runs/{id}/generations/1. ${PART_RULES} Nothing is scored until POST /v1/runs/{id}/finalize.`,
  RunIdParamsSchema,
);

/** The run, if the caller may upload to it now. */
export function requireOwnedPendingRun(run: RunRow, keyId: string): RunRow {
  if (run.owner_key_id !== keyId)
    throw new ApiError('forbidden', 'only the owner of a run may upload or finalize it');
  if (run.status !== 'pending')
    throw new ApiError('invalid_state', `run ${run.id} is ${run.status}, not pending`);
  return run;
}

/** Uploads the request's body as part `part` of run `id` and answers with the run. */
export async function respondToPartUpload(c: Context<AppEnv>, id: string, part: number) {
  const run = requireOwnedPendingRun(await requireRun(c.env.DB, id), c.get('caller').keyId);
  const settings = c.get('settings');
  const body = partBodyOf(c.req.raw, settings.maxUploadBytes);
  const updated = await uploadPart(c.env, settings, run, part, body);
  return c.json(runView(updated), 200);
}

export function registerRunsUpload(app: App): void {
  app.openapi(runsUploadRoute, (c) => respondToPartUpload(c, c.req.valid('param').id, 1));
}
