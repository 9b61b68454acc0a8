import { ApiError } from '../errors.js';
import { sha256Hex } from './digest.js';
import { lengthHistogramStatement } from './length-histogram.js';
import { passCountsStatement } from './pass-counts.js';
import { runModesStatements, tallyEveryMode } from './run-modes.js';
import {
  findRun,
  findRunIdByDigest,
  generationsKey,
  insertRunStatement,
  isUniqueViolation,
  newRunId,
  type ProblemRow,
  problemRowsStatements,
  type RunMeta,
  type RunRow,
  scoredStatement,
  setGenerationsStatement,
} from './runs.js';
import { resolveTaskMode, scoreRecords } from './scoring.js';
import { aggregateSamples, type GenerationRecord } from './scoring-packages.js';
import { loadTaskset } from './tasksets.js';

export interface Idempotency {
  key: string;
  /** SHA-256 of the request body: a retry must send the same body. */
  requestHash: string;
}

export interface CreateRunInput {
  ownerKeyId: string;
  meta: Omit<RunMeta, 'mode' | 'taskset_digest'> & { mode?: string | undefined };
  records?: GenerationRecord[] | undefined;
  idempotency?: Idempotency | undefined;
}

export interface CreateRunResult {
  run: RunRow;
  /** True when an earlier request with the same Idempotency-Key created the run. */
  replayed: boolean;
}

interface Stores {
  db: D1Database;
  bucket: R2Bucket;
}

/** The records as stored in R2 and digested: one canonical JSON line each. */
export function recordsToNdjson(records: readonly GenerationRecord[]): string {
  let text = '';
  for (const record of records) text += `${JSON.stringify(record)}\n`;
  return text;
}

async function replayOf(
  db: D1Database,
  ownerKeyId: string,
  idempotency: Idempotency,
): Promise<RunRow | null> {
  const row = await db
    .prepare(
      'SELECT request_hash, run_id FROM idempotency_keys WHERE owner_key_id = ? AND idempotency_key = ?',
    )
    .bind(ownerKeyId, idempotency.key)
    .first<{ request_hash: string; run_id: string }>();
  if (!row) return null;
  if (row.request_hash !== idempotency.requestHash) {
    throw new ApiError(
      'idempotency_conflict',
      'this Idempotency-Key was already used with a different request body',
      {
        run_id: row.run_id,
      },
    );
  }
  return findRun(db, row.run_id);
}

function duplicateGenerations(runId: string): ApiError {
  return new ApiError('duplicate_generations', `these generations were already submitted as run ${runId}`, {
    run_id: runId,
  });
}

/**
 * Creates a run: scored in the request when records come inline, else pending an upload. The idempotency
 * row goes first in the same D1 batch as the run, so of two concurrent retries exactly one commits; the
 * other finds the winner's run.
 */
export async function createRun(stores: Stores, input: CreateRunInput): Promise<CreateRunResult> {
  const { db, bucket } = stores;
  const { ownerKeyId, idempotency } = input;
  if (idempotency) {
    const earlier = await replayOf(db, ownerKeyId, idempotency);
    if (earlier) return { run: earlier, replayed: true };
  }
  const { task, mode } = resolveTaskMode(input.meta.task, input.meta.mode);
  const taskset = loadTaskset(task, input.meta.taskset);
  const meta: RunMeta = {
    ...input.meta,
    task,
    mode,
    taskset: taskset.name,
    taskset_digest: taskset.taskset.digest,
  };
  const id = newRunId();
  const now = new Date().toISOString();
  const statements: D1PreparedStatement[] = [];
  if (idempotency) {
    statements.push(
      db
        .prepare(
          'INSERT INTO idempotency_keys (owner_key_id, idempotency_key, request_hash, run_id, created_at) VALUES (?, ?, ?, ?, ?)',
        )
        .bind(ownerKeyId, idempotency.key, idempotency.requestHash, id, now),
    );
  }
  let storedKey: string | null = null;
  let digest: string | null = null;
  if (input.records) {
    const { report, samples } = scoreRecords({
      task,
      mode,
      taskset: taskset.name,
      records: input.records,
      detail: true,
    });
    const ndjson = recordsToNdjson(input.records);
    const bytes = new TextEncoder().encode(ndjson);
    digest = await sha256Hex(bytes);
    const existing = await findRunIdByDigest(db, digest);
    if (existing) {
      // A concurrent retry of this very request may have created that run while we scored: replay it.
      const winner = idempotency ? await replayOf(db, ownerKeyId, idempotency) : null;
      if (winner) return { run: winner, replayed: true };
      throw duplicateGenerations(existing);
    }
    storedKey = generationsKey(id);
    await bucket.put(storedKey, bytes, {
      httpMetadata: { contentType: 'application/x-ndjson' },
      sha256: digest,
    });
    const rows = ((report as { per_problem?: ProblemRow[] }).per_problem ?? []) as ProblemRow[];
    const aggregates = aggregateSamples(samples);
    statements.push(
      insertRunStatement(db, id, ownerKeyId, meta, 'scoring', now),
      setGenerationsStatement(
        db,
        id,
        { key: storedKey, digest, bytes: bytes.byteLength, records: input.records.length },
        'scoring',
        now,
      ),
      scoredStatement(db, id, report, 'scoring', now),
      lengthHistogramStatement(db, id, aggregates, report),
      passCountsStatement(db, id, aggregates),
      ...problemRowsStatements(db, id, rows),
      ...runModesStatements(
        db,
        { id, task, mode },
        tallyEveryMode(task, taskset.problems, input.records),
        report.k,
      ),
    );
  } else {
    statements.push(insertRunStatement(db, id, ownerKeyId, meta, 'pending', now));
  }
  try {
    await db.batch(statements);
  } catch (error) {
    if (storedKey) await bucket.delete(storedKey);
    // A concurrent retry won the race: on the key itself, or on the generations digest of the same body.
    const raced =
      isUniqueViolation(error, 'idempotency_keys') || isUniqueViolation(error, 'runs.generations_digest');
    if (idempotency && raced) {
      const winner = await replayOf(db, ownerKeyId, idempotency);
      if (winner) return { run: winner, replayed: true };
    }
    if (digest !== null && isUniqueViolation(error, 'runs.generations_digest')) {
      const digestOwner = await findRunIdByDigest(db, digest);
      throw digestOwner
        ? duplicateGenerations(digestOwner)
        : new ApiError('conflict', 'these generations were just submitted');
    }
    throw error;
  }
  const run = await findRun(db, id);
  if (!run) throw new Error(`run ${id} vanished after insert`);
  return { run, replayed: false };
}
