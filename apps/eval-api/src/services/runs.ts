import type { Report } from './scoring-packages.js';
import { decodeProblemRow } from './stored-json.js';

export const RUN_METHODS = ['base', 'sft', 'grpo', 'filtered-isft', 'isft', 'other'] as const;
export type RunMethod = (typeof RUN_METHODS)[number];
export type RunStatus = 'pending' | 'scoring' | 'scored' | 'failed';

export interface Sampling {
  temperature: number;
  top_p: number;
  max_tokens: number;
  seed?: number | undefined;
}

/** Where a run's generations came from, as its submitter says. */
export interface Provenance {
  model_revision?: string | undefined;
  prompt_template?: { name: string; digest?: string | undefined } | undefined;
  generator?: { name: string; version?: string | undefined } | undefined;
}

/** A generator as the pages and the board CSV name it: `vllm 0.8.5`, or its name alone. */
export function generatorLabel(generator: Provenance['generator']): string | null {
  if (!generator) return null;
  return generator.version === undefined ? generator.name : `${generator.name} ${generator.version}`;
}

/** What a client says about a run when creating it. */
export interface RunMeta {
  model: string;
  base_model?: string | undefined;
  method: RunMethod;
  step?: number | undefined;
  sampling: Sampling;
  task: string;
  mode: string;
  taskset: string;
  taskset_digest: string;
  notes?: string | undefined;
  provenance?: Provenance | undefined;
}

/** A `runs` row as D1 returns it. */
export interface RunRow {
  id: string;
  owner_key_id: string;
  model: string;
  base_model: string | null;
  method: RunMethod;
  step: number | null;
  sampling: string;
  task: string;
  mode: string;
  taskset: string;
  taskset_digest: string;
  notes: string | null;
  status: RunStatus;
  failure_reason: string | null;
  generations_key: string | null;
  generations_digest: string | null;
  generations_bytes: number | null;
  n_records: number | null;
  n_problems: number | null;
  samples_min: number | null;
  samples_max: number | null;
  pass_at_1: number | null;
  report: string | null;
  /** a LengthHistogram as JSON (migration 0003); null before scoring and for runs scored before it */
  length_histogram?: string | null;
  /** a Provenance as JSON (migration 0005); null when none was given */
  provenance?: string | null;
  /** the version of the ranking mode's verifier that scored the run (migration 0006); null before */
  verifier_version?: number | null;
  /** ModeDisagreement[] as JSON (migration 0006) */
  mode_disagreements?: string | null;
  created_at: string;
  updated_at: string;
}

export interface GenerationsInfo {
  /** R2 key of the NDJSON file. */
  key: string;
  digest: string;
  bytes: number;
  records: number;
}

/** One per-problem row as the metrics report gives it (n, c, pass@k, lengths...). */
export type ProblemRow = Record<string, unknown> & { problem_id: string; n: number; c: number };

export function newRunId(): string {
  return `run_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
}

/** Where a run's raw generations live in R2: one key for inline records, a fresh one for each upload. */
export function generationsKey(runId: string, uploadId?: string): string {
  return uploadId === undefined
    ? `runs/${runId}/generations.ndjson`
    : `runs/${runId}/uploads/${uploadId}.ndjson`;
}

export function isUniqueViolation(error: unknown, table: string): boolean {
  return error instanceof Error && error.message.includes(`UNIQUE constraint failed: ${table}`);
}

export function findRun(db: D1Database, id: string): Promise<RunRow | null> {
  return db.prepare('SELECT * FROM runs WHERE id = ?').bind(id).first<RunRow>();
}

/** The run that holds these generations: one scoring or scored (a pending run's digest is provisional). */
export async function findRunIdByDigest(db: D1Database, digest: string): Promise<string | null> {
  const row = await db
    .prepare("SELECT id FROM runs WHERE generations_digest = ? AND status IN ('scoring', 'scored')")
    .bind(digest)
    .first<{ id: string }>();
  return row?.id ?? null;
}

export function insertRunStatement(
  db: D1Database,
  id: string,
  ownerKeyId: string,
  meta: RunMeta,
  status: RunStatus,
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO runs (id, owner_key_id, model, base_model, method, step, sampling, task, mode, taskset,
         taskset_digest, notes, provenance, status, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      id,
      ownerKeyId,
      meta.model,
      meta.base_model ?? null,
      meta.method,
      meta.step ?? null,
      JSON.stringify(meta.sampling),
      meta.task,
      meta.mode,
      meta.taskset,
      meta.taskset_digest,
      meta.notes ?? null,
      meta.provenance === undefined ? null : JSON.stringify(meta.provenance),
      status,
      now,
      now,
    );
}

/**
 * Records a run's generations, only while the run is in `whileStatus` (a finalized run keeps its file) and,
 * given `replacing`, only while the run still references that file (null: none), so that of two
 * concurrent uploads exactly one wins and the other knows it lost.
 */
export function setGenerationsStatement(
  db: D1Database,
  id: string,
  generations: GenerationsInfo,
  whileStatus: RunStatus,
  now: string,
  replacing?: string | null,
): D1PreparedStatement {
  const values = [
    generations.key,
    generations.digest,
    generations.bytes,
    generations.records,
    now,
    id,
    whileStatus,
  ];
  if (replacing === undefined) {
    return db
      .prepare(
        `UPDATE runs SET generations_key = ?, generations_digest = ?, generations_bytes = ?, n_records = ?, updated_at = ?
         WHERE id = ? AND status = ?`,
      )
      .bind(...values);
  }
  return db
    .prepare(
      `UPDATE runs SET generations_key = ?, generations_digest = ?, generations_bytes = ?, n_records = ?, updated_at = ?
       WHERE id = ? AND status = ? AND generations_key IS ?`,
    )
    .bind(...values, replacing);
}

/** The report without its per-problem rows (those go to run_problems). */
function summaryOf(report: Report): Omit<Report, 'per_problem'> {
  const { per_problem: _rows, ...summary } = report as Report & { per_problem?: unknown };
  return summary;
}

/**
 * Marks a run scored with its report, only if it is in `fromStatus`: a second writer (a redelivered queue
 * message) changes nothing.
 */
export function scoredStatement(
  db: D1Database,
  id: string,
  report: Report,
  fromStatus: RunStatus,
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE runs SET status = 'scored', failure_reason = NULL, report = ?, n_problems = ?, samples_min = ?,
         samples_max = ?, pass_at_1 = ?, updated_at = ?
       WHERE id = ? AND status = ?`,
    )
    .bind(
      JSON.stringify(summaryOf(report)),
      report.n_problems,
      report.samples_per_problem.min,
      report.samples_per_problem.max,
      report.pass_at_k['1'] ?? null,
      now,
      id,
      fromStatus,
    );
}

// D1 caps bound values at 2 MB each and statements at 100 bound parameters: per-problem rows go in as JSON
// arrays expanded by json_each, a few hundred kilobytes per statement.
const PROBLEM_ROWS_PER_STATEMENT = 1000;

/** Statements that replace a run's per-problem rows (idempotent: redelivery rewrites the same rows). */
export function problemRowsStatements(
  db: D1Database,
  runId: string,
  rows: readonly ProblemRow[],
): D1PreparedStatement[] {
  const statements = [db.prepare('DELETE FROM run_problems WHERE run_id = ?').bind(runId)];
  for (let start = 0; start < rows.length; start += PROBLEM_ROWS_PER_STATEMENT) {
    const slice = rows.slice(start, start + PROBLEM_ROWS_PER_STATEMENT);
    statements.push(
      db
        .prepare(
          `INSERT OR REPLACE INTO run_problems (run_id, problem_id, n, c, row)
           SELECT ?1, json_extract(value, '$.problem_id'), json_extract(value, '$.n'), json_extract(value, '$.c'), value
           FROM json_each(?2)`,
        )
        .bind(runId, JSON.stringify(slice)),
    );
  }
  return statements;
}

export function failedStatement(
  db: D1Database,
  id: string,
  reason: string,
  now: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE runs SET status = 'failed', failure_reason = ?, updated_at = ? WHERE id = ? AND status IN ('pending', 'scoring')`,
    )
    .bind(reason.slice(0, 1000), now, id);
}

/**
 * Fails a pending or scoring run and drops its partial per-problem and per-mode rows; a run that is already scored
 * keeps its status and its rows (a late dead-letter message must not destroy a finished run).
 */
export async function markRunFailed(db: D1Database, id: string, reason: string): Promise<void> {
  await db.batch([
    failedStatement(db, id, reason, new Date().toISOString()),
    db
      .prepare(
        `DELETE FROM run_problems WHERE run_id = ? AND EXISTS (SELECT 1 FROM runs WHERE id = ? AND status = 'failed')`,
      )
      .bind(id, id),
    db
      .prepare(
        `DELETE FROM run_modes WHERE run_id = ? AND EXISTS (SELECT 1 FROM runs WHERE id = ? AND status = 'failed')`,
      )
      .bind(id, id),
  ]);
}

/**
 * Deletes a run, its rows and its generations. The R2 objects go first and the D1 rows (in one batch)
 * last: if storage fails, the run is still there and a retry finishes the job, instead of objects left
 * behind that no row points to.
 */
export async function deleteRun(db: D1Database, bucket: R2Bucket, id: string): Promise<void> {
  // Every object of the run: the inline file, or every part (a replaced one may linger after a crash).
  let cursor: string | undefined;
  do {
    const listing = await bucket.list({ prefix: `runs/${id}/`, cursor });
    if (listing.objects.length > 0) await bucket.delete(listing.objects.map((object) => object.key));
    cursor = listing.truncated ? listing.cursor : undefined;
  } while (cursor !== undefined);
  await db.batch([
    db.prepare('DELETE FROM run_problems WHERE run_id = ?').bind(id),
    db.prepare('DELETE FROM run_modes WHERE run_id = ?').bind(id),
    db.prepare('DELETE FROM run_chunks WHERE run_id = ?').bind(id),
    db.prepare('DELETE FROM run_parts WHERE run_id = ?').bind(id),
    db.prepare('DELETE FROM idempotency_keys WHERE run_id = ?').bind(id),
    db.prepare('DELETE FROM runs WHERE id = ?').bind(id),
  ]);
}

export interface ProblemPage {
  problems: ProblemRow[];
  next_cursor: string | null;
}

/**
 * Per-problem rows in natural id order, keyset-paginated. Ids of a taskset share their prefix and end in
 * their index, so ordering by length, then text, puts countdown/test/2 before countdown/test/10.
 */
export async function listProblems(
  db: D1Database,
  runId: string,
  after: string | null,
  limit: number,
): Promise<ProblemPage> {
  const { results } = await db
    .prepare(
      `SELECT problem_id, row FROM run_problems
       WHERE run_id = ?1 AND (length(problem_id), problem_id) > (length(?2), ?2)
       ORDER BY length(problem_id), problem_id LIMIT ?3`,
    )
    .bind(runId, after ?? '', limit + 1)
    .all<{ problem_id: string; row: string }>();
  const page = results.slice(0, limit).map((result) => decodeProblemRow(result.row));
  const last = page.at(-1);
  return { problems: page, next_cursor: results.length > limit && last ? last.problem_id : null };
}

/** (n, c) of every problem of a run, for curve comparisons. */
export async function problemCounts(db: D1Database, runId: string): Promise<ProblemRow[]> {
  const { results } = await db
    .prepare('SELECT row FROM run_problems WHERE run_id = ? ORDER BY problem_id')
    .bind(runId)
    .all<{ row: string }>();
  return results.map((result) => decodeProblemRow(result.row));
}
