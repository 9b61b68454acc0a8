import { sha256Hex } from './digest.js';
import type { StoredPart } from './upload.js';

/** Parts are numbered 1 to MAX_PARTS (the un-numbered upload is part 1). */
export const MAX_PARTS = 10_000;

/** A `run_parts` row, without its chunk list. */
export interface RunPartRow {
  part: number;
  key: string;
  bytes: number;
  lines: number;
  records: number;
  digest: string;
  uploaded_at: string;
}

/** Where one upload of a part lives in R2: a fresh key per upload, under the run's prefix. */
export function partKey(runId: string, part: number, uploadId: string): string {
  return `runs/${runId}/parts/${part}/${uploadId}.ndjson`;
}

export async function listParts(db: D1Database, runId: string): Promise<RunPartRow[]> {
  const { results } = await db
    .prepare(
      'SELECT part, key, bytes, lines, records, digest, uploaded_at FROM run_parts WHERE run_id = ? ORDER BY part',
    )
    .bind(runId)
    .all<RunPartRow>();
  return results;
}

export function findPart(db: D1Database, runId: string, part: number): Promise<RunPartRow | null> {
  return db
    .prepare(
      'SELECT part, key, bytes, lines, records, digest, uploaded_at FROM run_parts WHERE run_id = ? AND part = ?',
    )
    .bind(runId, part)
    .first<RunPartRow>();
}

/** Decompressed bytes of the run's parts other than `part` (what an upload of `part` adds to). */
export async function bytesOfOtherParts(db: D1Database, runId: string, part: number): Promise<number> {
  const row = await db
    .prepare('SELECT COALESCE(SUM(bytes), 0) AS bytes FROM run_parts WHERE run_id = ? AND part != ?')
    .bind(runId, part)
    .first<{ bytes: number }>();
  return row?.bytes ?? 0;
}

/**
 * The generations digest of a run made of these part digests, in part order: one part's own SHA-256 (the
 * SHA-256 of the file, as for an inline or single upload), else the SHA-256 of the part digests in hex, each
 * followed by a newline. Hashing the bytes of every part again at finalize would not fit a Worker's limits.
 */
export async function partsDigest(digests: readonly string[]): Promise<string> {
  if (digests.length === 1) return digests[0] as string;
  return sha256Hex(digests.map((digest) => `${digest}\n`).join(''));
}

const whilePending = "EXISTS (SELECT 1 FROM runs WHERE id = ?1 AND status = 'pending')";

/**
 * SQL true while the run's parts are exactly the uploads with these keys (parameters `keysParam`, a JSON
 * array, and `countParam`; `?1` is the run id): a statement guarded by it changes nothing if a part was
 * uploaded meanwhile.
 */
export function partsUnchangedSql(keysParam: string, countParam: string): string {
  return `(SELECT COUNT(*) FROM run_parts WHERE run_id = ?1) = ${countParam}
    AND NOT EXISTS (SELECT 1 FROM run_parts WHERE run_id = ?1 AND key NOT IN (SELECT value FROM json_each(${keysParam})))`;
}

/**
 * The statements of one part's upload, for one batch: the part's row (only while the run is pending and the
 * part still holds `replacing`, the upload this one replaces, null for none: of two concurrent uploads of a
 * part exactly one wins), the run's chunk table rebuilt from every part in part order (chunk indexes and line
 * numbers continue across parts), and the run's totals so far. The digest is the part's own while the run
 * has one part; refreshPendingDigest sets it for more.
 */
export function storePartStatements(
  db: D1Database,
  runId: string,
  part: number,
  stored: StoredPart,
  replacing: string | null,
  now: string,
): D1PreparedStatement[] {
  const chunks = JSON.stringify(
    stored.chunks.map((chunk) => [chunk.byte_start, chunk.byte_end, chunk.line_start]),
  );
  return [
    db
      .prepare(
        `INSERT INTO run_parts (run_id, part, key, bytes, lines, records, digest, chunks, uploaded_at)
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE ${whilePending}
         ON CONFLICT (run_id, part) DO UPDATE SET key = excluded.key, bytes = excluded.bytes,
           lines = excluded.lines, records = excluded.records, digest = excluded.digest,
           chunks = excluded.chunks, uploaded_at = excluded.uploaded_at
         WHERE run_parts.key IS ?10`,
      )
      .bind(
        runId,
        part,
        stored.key,
        stored.bytes,
        stored.lines,
        stored.records,
        stored.digest,
        chunks,
        now,
        replacing,
      ),
    db.prepare(`DELETE FROM run_chunks WHERE run_id = ?1 AND ${whilePending}`).bind(runId),
    db
      .prepare(
        `WITH parts AS (
           SELECT part, key, chunks, COALESCE(SUM(lines) OVER (ORDER BY part ROWS BETWEEN UNBOUNDED PRECEDING
             AND 1 PRECEDING), 0) AS line_offset
           FROM run_parts WHERE run_id = ?1)
         INSERT INTO run_chunks (run_id, chunk_index, byte_start, byte_end, line_start, generations_key)
         SELECT ?1, row_number() OVER (ORDER BY parts.part, chunk.key) - 1, json_extract(chunk.value, '$[0]'),
           json_extract(chunk.value, '$[1]'), json_extract(chunk.value, '$[2]') + parts.line_offset, parts.key
         FROM parts, json_each(parts.chunks) AS chunk WHERE ${whilePending}`,
      )
      .bind(runId),
    db
      .prepare(
        `UPDATE runs SET generations_key = NULL,
           generations_bytes = (SELECT SUM(bytes) FROM run_parts WHERE run_id = ?1),
           n_records = (SELECT SUM(records) FROM run_parts WHERE run_id = ?1),
           generations_digest = (SELECT CASE WHEN COUNT(*) = 1 THEN MAX(digest) END FROM run_parts WHERE run_id = ?1),
           updated_at = ?2
         WHERE id = ?1 AND status = 'pending'`,
      )
      .bind(runId, now),
  ];
}

/**
 * Sets a pending run's provisional digest over its parts (more than one: one part's is set with its row),
 * unless a part changed since they were read; finalize computes it again, so a lost race costs nothing.
 */
export async function refreshPendingDigest(db: D1Database, runId: string): Promise<void> {
  const parts = await listParts(db, runId);
  if (parts.length < 2) return;
  const digest = await partsDigest(parts.map((part) => part.digest));
  await db
    .prepare(
      `UPDATE runs SET generations_digest = ?2 WHERE id = ?1 AND status = 'pending' AND ${partsUnchangedSql('?3', '?4')}`,
    )
    .bind(runId, digest, JSON.stringify(parts.map((part) => part.key)), parts.length)
    .run();
}
