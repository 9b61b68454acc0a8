import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { ApiError, errorResponses } from '../errors.js';
import { RunIdParamsSchema } from '../schemas/run.js';
import { concatenatedObjects } from '../services/parts-stream.js';
import { listParts, partsDigest } from '../services/run-parts.js';
import { requireRun } from './runs-get.js';

export const runsGenerationsRoute = createRoute({
  method: 'get',
  path: '/v1/runs/{id}/generations',
  summary: 'The raw generations of a run as NDJSON, so anyone can re-score and audit',
  description:
    'Every part, decompressed, in part order: the file that is scored. X-Generations-Digest is ' +
    '`sha-256=<hex>` of this body for a run of one part, `sha-256-of-parts=<hex>` for more (the SHA-256 of ' +
    'the part digests, each in hex followed by a newline; GET /v1/runs/{id}/parts lists them).',
  request: { params: RunIdParamsSchema },
  responses: {
    200: {
      description: 'NDJSON, one generation record a line',
      content: { 'application/x-ndjson': { schema: z.string() } },
    },
    ...errorResponses(404, 422),
  },
});

/** The run's file: its parts joined (uploads), or its one object (inline runs and uploads from before parts). */
async function generationsBody(
  bucket: R2Bucket,
  db: D1Database,
  run: { id: string; generations_key: string | null },
) {
  const parts = await listParts(db, run.id);
  if (parts.length > 0) {
    const bytes = parts.reduce((sum, part) => sum + part.bytes, 0);
    const digest = await partsDigest(parts.map((part) => part.digest));
    const digestHeader = parts.length === 1 ? `sha-256=${digest}` : `sha-256-of-parts=${digest}`;
    // A stream of a known length: the response keeps its Content-Length.
    const body = new FixedLengthStream(bytes);
    void concatenatedObjects(
      bucket,
      parts.map((part) => part.key),
    )
      .pipeTo(body.writable)
      .catch(() => undefined);
    return { body: body.readable, bytes, etag: `"${digest}"`, digestHeader };
  }
  const object = run.generations_key === null ? null : await bucket.get(run.generations_key);
  if (!object) return null;
  return { body: object.body, bytes: object.size, etag: object.httpEtag, digestHeader: null };
}

export function registerRunsGenerations(app: App): void {
  app.openapi(runsGenerationsRoute, async (c) => {
    const run = await requireRun(c.env.DB, c.req.valid('param').id);
    const file = await generationsBody(c.env.GENERATIONS, c.env.DB, run);
    if (!file) throw new ApiError('not_found', `run ${run.id} has no uploaded generations`);
    // Streamed straight from R2: a large file never sits in the Worker's memory. (The typed responses only
    // know string bodies, hence the cast.)
    const response = c.body(file.body, 200, {
      'Content-Type': 'application/x-ndjson',
      'Content-Length': String(file.bytes),
      ETag: file.etag,
      'X-Generations-Digest': file.digestHeader ?? `sha-256=${run.generations_digest}`,
      // Model output, never rendered in place by a browser.
      'Content-Disposition': `attachment; filename="${run.id}.jsonl"`,
    });
    return response as never;
  });
}
