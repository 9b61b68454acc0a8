import type { Settings } from '../env.js';
import { ApiError } from '../errors.js';
import { MAX_NDJSON_LINE_CHARS } from '../http/body.js';
import {
  bytesOfOtherParts,
  findPart,
  partKey,
  refreshPendingDigest,
  storePartStatements,
} from './run-parts.js';
import { findRun, type RunRow } from './runs.js';
import { type PartBody, storePart } from './upload.js';

interface Storage {
  DB: D1Database;
  GENERATIONS: R2Bucket;
}

/**
 * Stores one part of a pending run and records it, or refuses it with nothing left behind: no R2 object, no
 * row. A part uploaded again replaces the earlier upload (whose object is then deleted); the run's totals and
 * chunk table always describe the parts it has. Returns the run as it is now.
 */
export async function uploadPart(
  storage: Storage,
  settings: Settings,
  run: RunRow,
  part: number,
  body: PartBody,
): Promise<RunRow> {
  const others = await bytesOfOtherParts(storage.DB, run.id, part);
  if (others + body.length > settings.maxRunBytes) {
    throw new ApiError(
      'payload_too_large',
      `part ${part} would take run ${run.id} to ${others + body.length} bytes, over the limit of ${settings.maxRunBytes} bytes a run`,
      { part },
    );
  }
  const previous = await findPart(storage.DB, run.id, part);
  const key = partKey(run.id, part, crypto.randomUUID());
  const refuse = async (error: ApiError): Promise<never> => {
    await storage.GENERATIONS.delete(key);
    throw error;
  };
  let stored: Awaited<ReturnType<typeof storePart>>;
  try {
    stored = await storePart(storage.GENERATIONS, key, part, body, {
      lines: settings.chunkRecords,
      bytes: settings.chunkBytes,
      // In bytes here (the file is not decoded on the way in): the same number as /v1/score's line limit.
      lineBytes: MAX_NDJSON_LINE_CHARS,
    });
  } catch (error) {
    await storage.GENERATIONS.delete(key);
    if (error instanceof TypeError)
      throw new ApiError('bad_request', `upload interrupted: ${error.message}`, { part });
    throw error;
  }
  if (stored.records === 0)
    await refuse(new ApiError('invalid_request', `part ${part} has no records`, { field: 'body', part }));
  const now = new Date().toISOString();
  const results = await storage.DB.batch(
    storePartStatements(storage.DB, run.id, part, stored, previous?.key ?? null, now),
  );
  if (results[0]?.meta.changes !== 1) {
    const current = await findRun(storage.DB, run.id);
    await refuse(
      current?.status === 'pending'
        ? new ApiError(
            'conflict',
            `another upload of part ${part} finished first; upload it again to replace it`,
            {
              part,
            },
          )
        : new ApiError('invalid_state', `run ${run.id} was finalized while uploading`),
    );
  }
  // The object this upload replaced is no longer referenced (nor a file uploaded before parts existed).
  const replaced = [previous?.key, run.generations_key].filter((old): old is string => !!old && old !== key);
  if (replaced.length > 0) await storage.GENERATIONS.delete(replaced);
  await refreshPendingDigest(storage.DB, run.id);
  return (await findRun(storage.DB, run.id)) ?? run;
}
