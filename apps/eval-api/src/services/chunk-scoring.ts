import type { Bindings, ScoreChunkMessage } from '../env.js';
import { describeIssue } from '../errors.js';
import { MAX_JSON_DEPTH, overDepthOffset } from '../http/json-depth.js';
import { GenerationRecordSchema } from '../schemas/records.js';
import { lengthHistogramStatement } from './length-histogram.js';
import { passCountsStatement } from './pass-counts.js';
import { runModesStatements, tallyEveryMode } from './run-modes.js';
import {
  findRun,
  markRunFailed,
  type ProblemRow,
  problemRowsStatements,
  type RunRow,
  scoredStatement,
} from './runs.js';
import {
  aggregateSamples,
  type GenerationRecord,
  MetricsError,
  type ModeTallyData,
  mergeAggregates,
  mergeModeTallies,
  reportFromAggregates,
  type ScoredSample,
  ScoringError,
  scoreRecord,
  scoringContext,
  type Task,
} from './scoring-packages.js';
import { decodeAggregates } from './stored-json.js';
import { loadTaskset } from './tasksets.js';

/** A fault in the uploaded file itself: retrying cannot help, so the run fails with this reason. */
export class InvalidGenerationsError extends Error {
  override name = 'InvalidGenerationsError';
}

export type Aggregates = ReturnType<typeof aggregateSamples>;

/** What a chunk's records give: the ranking mode's samples, and every mode's tally. */
interface ScoredChunk {
  samples: ScoredSample[];
  tally: ModeTallyData;
}

interface ChunkRow {
  byte_start: number;
  byte_end: number;
  line_start: number;
  aggregates: string | null;
  /** The R2 object the range is in (a part's, migration 0007); null: the run's own generations_key. */
  generations_key: string | null;
}

/** Parses and validates a chunk's lines with the same schema as inline records. */
export function parseChunkRecords(text: string, lineStart: number): GenerationRecord[] {
  const records: GenerationRecord[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, offset) => {
    const line = raw.trim();
    if (line === '') return;
    const lineNumber = lineStart + offset;
    if (overDepthOffset(line) !== -1)
      throw new InvalidGenerationsError(
        `line ${lineNumber}: JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
      );
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InvalidGenerationsError(`line ${lineNumber}: malformed JSON (${(error as Error).message})`);
    }
    const parsed = GenerationRecordSchema.safeParse(value);
    if (!parsed.success) {
      const { path, message } = describeIssue(parsed.error, 'record');
      throw new InvalidGenerationsError(`line ${lineNumber}: ${path}: ${message}`);
    }
    records.push(parsed.data);
  });
  return records;
}

/**
 * Verifies a chunk's records with the same scoreRecord as `crossover score` and the inline path: under the
 * run's mode for its report, and under every mode of its task for the by-mode scores.
 */
function scoreChunkRecords(
  run: RunRow,
  records: readonly GenerationRecord[],
  lineOf: (index: number) => number,
): ScoredChunk {
  const taskset = loadTaskset(run.task as Task, run.taskset);
  const context = scoringContext(run.task, run.mode, taskset.problems);
  const samples = records.map((record, index) => {
    try {
      return scoreRecord(context, record, index).sample;
    } catch (error) {
      if (error instanceof ScoringError)
        throw new InvalidGenerationsError(`line ${lineOf(index)}: ${error.message}`);
      throw error;
    }
  });
  // Every record scored above, so no mode can refuse one.
  return { samples, tally: tallyEveryMode(run.task as Task, taskset.problems, records) };
}

/** Line number of each non-blank line of a chunk, in order. */
function recordLines(text: string, lineStart: number): number[] {
  const lines: number[] = [];
  text.split('\n').forEach((raw, offset) => {
    if (raw.trim() !== '') lines.push(lineStart + offset);
  });
  return lines;
}

/**
 * Once every chunk has its aggregates, merges them into the report and marks the run scored, in one D1
 * batch. Safe to run twice: the status update only applies to a run still `scoring`, and the per-problem rows
 * are rewritten identically.
 */
async function completeIfAllScored(env: Bindings, run: RunRow): Promise<boolean> {
  const { results } = await env.DB.prepare(
    'SELECT aggregates, mode_tally FROM run_chunks WHERE run_id = ? ORDER BY chunk_index',
  )
    .bind(run.id)
    .all<{ aggregates: string | null; mode_tally: string | null }>();
  if (results.length === 0 || results.some((row) => row.aggregates === null)) return false;
  // One merge over every chunk's rows (mergeAggregates combines equal problem ids within its inputs too):
  // folding chunk by chunk would copy the growing length arrays once per chunk.
  const merged = mergeAggregates(
    results.flatMap((row) => decodeAggregates(row.aggregates!)),
    [],
  );
  const taskset = loadTaskset(run.task as Task, run.taskset);
  const report = reportFromAggregates(merged, {
    task: run.task,
    mode: run.mode,
    taskset: taskset.taskset,
    detail: true,
  });
  const rows = ((report as { per_problem?: ProblemRow[] }).per_problem ?? []) as ProblemRow[];
  // Chunks scored before every mode was tallied (in flight across the migration) leave the run without them.
  const tallies = results.map((row) => row.mode_tally);
  const modeStatements = tallies.every((tally) => tally !== null)
    ? runModesStatements(
        env.DB,
        { id: run.id, task: run.task as Task, mode: run.mode },
        mergeModeTallies(tallies.map((tally) => JSON.parse(tally!) as ModeTallyData)),
        report.k,
      )
    : [];
  const now = new Date().toISOString();
  await env.DB.batch([
    scoredStatement(env.DB, run.id, report, 'scoring', now),
    lengthHistogramStatement(env.DB, run.id, merged, report),
    passCountsStatement(env.DB, run.id, merged),
    ...problemRowsStatements(env.DB, run.id, rows),
    ...modeStatements,
  ]);
  return true;
}

/**
 * Scores one chunk of an uploaded file. Its aggregates overwrite the chunk's row, so a redelivered message
 * never counts twice. Faults in the file fail the run; anything else throws so the queue retries.
 */
export async function scoreChunk(env: Bindings, message: ScoreChunkMessage): Promise<void> {
  const run = await findRun(env.DB, message.runId);
  if (run?.status !== 'scoring') return;
  const chunk = await env.DB.prepare(
    'SELECT byte_start, byte_end, line_start, aggregates, generations_key FROM run_chunks WHERE run_id = ? AND chunk_index = ?',
  )
    .bind(run.id, message.chunkIndex)
    .first<ChunkRow>();
  if (!chunk) return;
  if (chunk.aggregates === null) {
    const key = chunk.generations_key ?? run.generations_key;
    const object =
      key === null
        ? null
        : await env.GENERATIONS.get(key, {
            range: { offset: chunk.byte_start, length: chunk.byte_end - chunk.byte_start },
          });
    if (!object) {
      await markRunFailed(env.DB, run.id, 'the uploaded generations are missing from storage');
      return;
    }
    // Uploads are checked to be UTF-8 on the way in; decoding strictly here too means a stored file can never
    // be scored with replacement characters.
    const bytes = await object.arrayBuffer();
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      await markRunFailed(
        env.DB,
        run.id,
        `chunk ${message.chunkIndex} of the generations is not valid UTF-8`,
      );
      return;
    }
    try {
      const records = parseChunkRecords(text, chunk.line_start);
      const lines = recordLines(text, chunk.line_start);
      const { samples, tally } = scoreChunkRecords(run, records, (index) => lines[index] ?? chunk.line_start);
      // The chunk's aggregates and the run's progress together: the stalled-run sweep re-enqueues only
      // runs that made none for a while, not every run that takes long.
      await env.DB.batch([
        env.DB.prepare(
          'UPDATE run_chunks SET aggregates = ?, mode_tally = ? WHERE run_id = ? AND chunk_index = ?',
        ).bind(JSON.stringify(aggregateSamples(samples)), JSON.stringify(tally), run.id, message.chunkIndex),
        env.DB.prepare("UPDATE runs SET updated_at = ? WHERE id = ? AND status = 'scoring'").bind(
          new Date().toISOString(),
          run.id,
        ),
      ]);
    } catch (error) {
      if (!(error instanceof InvalidGenerationsError)) throw error;
      await markRunFailed(env.DB, run.id, error.message);
      return;
    }
  }
  try {
    await completeIfAllScored(env, run);
  } catch (error) {
    if (!(error instanceof MetricsError)) throw error;
    await markRunFailed(env.DB, run.id, `the generations cannot be reported: ${error.message}`);
  }
}

/** A message that exhausted its retries: its run can never be fully scored, so it fails. */
export async function failExhaustedChunk(
  env: Bindings,
  message: ScoreChunkMessage,
  attempts: number,
): Promise<void> {
  await markRunFailed(
    env.DB,
    message.runId,
    `scoring chunk ${message.chunkIndex} failed after ${attempts} attempts; finalize a new run to retry`,
  );
}
