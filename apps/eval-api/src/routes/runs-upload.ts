import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { ApiError, errorResponses } from '../errors.js';
import { checkDeclaredLength, isNdjsonContentType, MAX_NDJSON_LINE_CHARS } from '../http/body.js';
import { requireKey } from '../middleware/auth.js';
import { rateLimit } from '../middleware/rate-limit.js';
import { RunIdParamsSchema, RunSchema, runView } from '../schemas/run.js';
import {
  findRun,
  findRunIdByDigest,
  generationsKey,
  isUniqueViolation,
  type RunRow,
  setGenerationsStatement,
} from '../services/runs.js';
import { chunkRowsStatements, storeGenerations } from '../services/upload.js';
import { requireRun } from './runs-get.js';

export const runsUploadRoute = createRoute({
  method: 'put',
  path: '/v1/runs/{id}/generations',
  summary: "Upload a pending run's generations as NDJSON (streamed into object storage)",
  description:
    'The body is streamed into R2 with its Content-Length (required), hashed on the way; nothing is scored ' +
    'until POST /v1/runs/{id}/finalize. Uploading again before finalize replaces the file. Invalid UTF-8 is a ' +
    '400 naming its line, a line over 8 MiB a 413 naming it; the file is scored in chunks of CHUNK_RECORDS ' +
    'lines or CHUNK_BYTES bytes, whichever is reached first.',
  security: [{ ApiKey: [] }],
  middleware: [requireKey(), rateLimit('WRITE_RATE_LIMITER', (c) => c.get('caller').keyId)] as const,
  request: {
    params: RunIdParamsSchema,
    body: {
      required: false,
      content: {
        'application/x-ndjson': {
          schema: z.string().openapi({ description: 'one GenerationRecord a line' }),
        },
        // Plain schemas, not zod: the library would take `application/jsonl` for JSON and parse the body whole.
        'application/ndjson': { schema: { type: 'string', description: 'as application/x-ndjson' } },
        'application/jsonl': { schema: { type: 'string', description: 'as application/x-ndjson' } },
      },
    },
  },
  responses: {
    200: {
      description: 'Stored; the run stays pending',
      content: { 'application/json': { schema: RunSchema } },
    },
    ...errorResponses(400, 401, 403, 404, 409, 411, 413, 415, 422, 429),
  },
});

/** The run, if the caller may upload to it now. */
export function requireOwnedPendingRun(run: RunRow, keyId: string): RunRow {
  if (run.owner_key_id !== keyId)
    throw new ApiError('forbidden', 'only the owner of a run may upload or finalize it');
  if (run.status !== 'pending')
    throw new ApiError('invalid_state', `run ${run.id} is ${run.status}, not pending`);
  return run;
}

function duplicateGenerations(runId: string): ApiError {
  return new ApiError('duplicate_generations', `these generations were already submitted as run ${runId}`, {
    run_id: runId,
  });
}

export function registerRunsUpload(app: App): void {
  app.openapi(runsUploadRoute, async (c) => {
    const contentType = c.req.header('content-type') ?? '';
    if (!isNdjsonContentType(contentType)) {
      throw new ApiError('unsupported_media_type', 'upload generations as application/x-ndjson');
    }
    const run = requireOwnedPendingRun(
      await requireRun(c.env.DB, c.req.valid('param').id),
      c.get('caller').keyId,
    );
    const settings = c.get('settings');
    const length = checkDeclaredLength(c.req.raw, settings.maxUploadBytes);
    if (length === null) throw new ApiError('length_required', 'send the Content-Length of the upload');
    const body = c.req.raw.body;
    if (length === 0 || body === null)
      throw new ApiError('invalid_request', 'the upload has no records', { field: 'body' });
    // A fresh key per upload: the file a finalized run is scored from is never overwritten.
    const key = generationsKey(run.id, crypto.randomUUID());
    let stored: Awaited<ReturnType<typeof storeGenerations>>;
    try {
      stored = await storeGenerations(c.env.GENERATIONS, key, body, length, {
        lines: settings.chunkRecords,
        bytes: settings.chunkBytes,
        // In bytes here (the file is not decoded on the way in): the same number as /v1/score's line limit.
        lineBytes: MAX_NDJSON_LINE_CHARS,
      });
    } catch (error) {
      await c.env.GENERATIONS.delete(key);
      if (error instanceof TypeError)
        throw new ApiError('bad_request', `upload interrupted: ${error.message}`);
      throw error;
    }
    const refuse = async (error: ApiError): Promise<never> => {
      await c.env.GENERATIONS.delete(key);
      throw error;
    };
    if (stored.records === 0)
      await refuse(new ApiError('invalid_request', 'the upload has no records', { field: 'body' }));
    const duplicate = await findRunIdByDigest(c.env.DB, stored.digest);
    if (duplicate !== null && duplicate !== run.id) await refuse(duplicateGenerations(duplicate));
    let results: D1Result[];
    try {
      results = await c.env.DB.batch([
        setGenerationsStatement(
          c.env.DB,
          run.id,
          stored,
          'pending',
          new Date().toISOString(),
          run.generations_key,
        ),
        ...chunkRowsStatements(c.env.DB, run.id, stored.chunks, key),
      ]);
    } catch (error) {
      if (!isUniqueViolation(error, 'runs.generations_digest')) throw error;
      const owner = await findRunIdByDigest(c.env.DB, stored.digest);
      return refuse(
        owner
          ? duplicateGenerations(owner)
          : new ApiError('conflict', 'these generations were just submitted'),
      );
    }
    if (results[0]?.meta.changes !== 1) {
      const now = await findRun(c.env.DB, run.id);
      await refuse(
        now?.status === 'pending'
          ? new ApiError(
              'conflict',
              `another upload to run ${run.id} finished first; upload again to replace it`,
            )
          : new ApiError('invalid_state', `run ${run.id} was finalized while uploading`),
      );
    }
    // The file this upload replaced is no longer referenced.
    if (run.generations_key !== null && run.generations_key !== key)
      await c.env.GENERATIONS.delete(run.generations_key);
    const updated = await findRun(c.env.DB, run.id);
    return c.json(runView(updated ?? run), 200);
  });
}
