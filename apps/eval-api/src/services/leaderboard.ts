import { cachedBoardRead } from './board-cache.js';
import {
  boardChoices,
  canonicalSettings,
  type SettingsFilter,
  settingsConditions,
  settingsOf,
} from './board-filters.js';
import { passAtKFromCounts } from './pass-counts.js';
import { generatorLabel, type RunMethod } from './runs.js';
import type { Report } from './scoring-packages.js';
import { decodePassCounts, decodeProvenance, decodeReport, decodeSampling } from './stored-json.js';

export const LEADERBOARD_SORTS = [
  'pass@k',
  'pass@1',
  'created',
  'length_correct',
  'length_incorrect',
] as const;
export type LeaderboardSort = (typeof LEADERBOARD_SORTS)[number];

export interface LeaderboardQuery extends SettingsFilter {
  task: string;
  taskset: string;
  k: number;
  sort: LeaderboardSort;
  method?: string | undefined;
  base_model?: string | undefined;
  limit: number;
}

export interface LeaderboardEntry {
  rank: number;
  run_id: string;
  model: string;
  base_model: string | null;
  method: RunMethod;
  step: number | null;
  created_at: string;
  pass_at_1: number | null;
  k: number;
  /** pass@k at the requested k; null when the run has fewer than k samples of some problem. */
  pass_at_k: number | null;
  ci_low: number | null;
  ci_high: number | null;
  length_unit: string | null;
  mean_length_correct: number | null;
  mean_length_incorrect: number | null;
  samples_per_problem_min: number | null;
  samples_per_problem_max: number | null;
  /** the verifier mode the run was scored with, and its sampling settings */
  mode: string;
  temperature: number;
  top_p: number;
  max_tokens: number;
  /** from the run's provenance, null where its submitter did not say */
  prompt_template: string | null;
  model_revision: string | null;
  generator: string | null;
}

/** The columns of a run that a board entry is made of (BoardRow). */
export const BOARD_ROW_COLUMNS =
  'id, model, base_model, method, step, created_at, samples_min, samples_max, mode, sampling, provenance, report, pass_counts';

export interface BoardRow {
  id: string;
  model: string;
  base_model: string | null;
  method: RunMethod;
  step: number | null;
  created_at: string;
  samples_min: number | null;
  samples_max: number | null;
  mode: string;
  sampling: string;
  provenance: string | null;
  report: string;
  pass_counts: string | null;
}

// The board is ranked in the Worker (pass@k at any k lives in the report JSON): cap the runs it reads.
const MAX_BOARD_RUNS = 2000;

/**
 * pass@k with its 95% interval: from the report at the k of its grid (bootstrap interval), else from the run's
 * (n, c) counts at any k up to its samples per problem (normal interval from the problem-level standard error).
 */
function passAtKOf(row: BoardRow, report: Report, k: number) {
  const key = String(k);
  const value = report.pass_at_k[key];
  const interval = report.pass_at_k_ci[key];
  if (value !== undefined) return { value, low: interval?.low ?? null, high: interval?.high ?? null };
  const computed = row.pass_counts ? passAtKFromCounts(decodePassCounts(row.pass_counts), k) : null;
  if (computed === null) return { value: null, low: null, high: null };
  const half = 1.96 * computed.se;
  return {
    value: computed.value,
    low: Math.max(0, computed.value - half),
    high: Math.min(1, computed.value + half),
  };
}

/** A run's entry on a board ranked at k (without its rank). */
export function entryOf(row: BoardRow, k: number): Omit<LeaderboardEntry, 'rank'> {
  const report = decodeReport(row.report);
  const atK = passAtKOf(row, report, k);
  const sampling = decodeSampling(row.sampling);
  const provenance = decodeProvenance(row.provenance);
  return {
    run_id: row.id,
    model: row.model,
    base_model: row.base_model,
    method: row.method,
    step: row.step,
    created_at: row.created_at,
    pass_at_1: report.pass_at_k['1'] ?? null,
    k,
    pass_at_k: atK.value,
    ci_low: atK.low,
    ci_high: atK.high,
    length_unit: report.lengths.unit ?? null,
    mean_length_correct: report.lengths.correct.mean ?? null,
    mean_length_incorrect: report.lengths.incorrect.mean ?? null,
    samples_per_problem_min: row.samples_min,
    samples_per_problem_max: row.samples_max,
    mode: row.mode,
    temperature: sampling.temperature,
    top_p: sampling.top_p,
    max_tokens: sampling.max_tokens,
    prompt_template: provenance?.prompt_template?.name ?? null,
    model_revision: provenance?.model_revision ?? null,
    generator: generatorLabel(provenance?.generator),
  };
}

/** Descending by a number, nulls last; ties by the earlier run. */
function byValue(value: (entry: Omit<LeaderboardEntry, 'rank'>) => number | null, ascending = false) {
  return (a: Omit<LeaderboardEntry, 'rank'>, b: Omit<LeaderboardEntry, 'rank'>) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) {
      return ascending ? va - vb : vb - va;
    }
    return a.created_at.localeCompare(b.created_at) || a.run_id.localeCompare(b.run_id);
  };
}

const COMPARATORS: Record<LeaderboardSort, ReturnType<typeof byValue>> = {
  'pass@k': byValue((entry) => entry.pass_at_k),
  'pass@1': byValue((entry) => entry.pass_at_1),
  created: (a, b) => b.created_at.localeCompare(a.created_at) || a.run_id.localeCompare(b.run_id),
  length_correct: byValue((entry) => entry.mean_length_correct, true),
  length_incorrect: byValue((entry) => entry.mean_length_incorrect, true),
};

/** What bounds the answers of a taskset's board: its scored runs, their most samples per problem, and what
 * its filters can match. */
interface BoardBounds {
  runs: number;
  maxSamples: number;
  choices: Awaited<ReturnType<typeof boardChoices>>;
}

async function boardBounds(db: D1Database, task: string, taskset: string): Promise<BoardBounds> {
  const [counts, choices] = await Promise.all([
    cachedBoardRead(db, 'board-bounds', { task, taskset }, async () => {
      const row = await db
        .prepare(
          `SELECT count(*) AS runs, max(samples_max) AS max_samples FROM runs
           WHERE status = 'scored' AND task = ? AND taskset = ?`,
        )
        .bind(task, taskset)
        .first<{ runs: number; max_samples: number | null }>();
      return { runs: row?.runs ?? 0, maxSamples: row?.max_samples ?? 0 };
    }),
    boardChoices(db, task, taskset),
  ]);
  return { ...counts, choices };
}

// A base model no run has: no row matches it (names are never empty).
const NO_SUCH_BASE_MODEL = '';

/**
 * The query whose ranking answers `query` (cache keys are made of it, so that a client cannot make every
 * request a miss by varying what changes nothing): every k past the most samples any run has gives pass@k
 * null for every run, a limit past the board's runs lists them all, and a base model or setting no run has
 * lists none.
 */
export async function canonicalLeaderboardQuery(
  db: D1Database,
  query: LeaderboardQuery,
): Promise<LeaderboardQuery> {
  const bounds = await boardBounds(db, query.task, query.taskset);
  const known = query.base_model === undefined || bounds.choices.baseModels.includes(query.base_model);
  return {
    ...query,
    ...canonicalSettings(query, bounds.choices),
    k: Math.min(query.k, bounds.maxSamples + 1),
    limit: Math.max(1, Math.min(query.limit, bounds.runs, MAX_BOARD_RUNS)),
    base_model: known ? query.base_model : NO_SUCH_BASE_MODEL,
  };
}

/** The cache parameters of a (canonical) query. */
export function leaderboardParams(query: LeaderboardQuery) {
  const { task, taskset, k, sort, method, base_model, limit } = query;
  return { task, taskset, k, sort, method, base_model, limit, ...settingsOf(query) };
}

/** Scored runs of one taskset, ranked; cached, under the canonical query, until the next write to runs. */
export async function leaderboard(db: D1Database, query: LeaderboardQuery): Promise<LeaderboardEntry[]> {
  const canonical = await canonicalLeaderboardQuery(db, query);
  const entries = await cachedBoardRead(db, 'leaderboard', leaderboardParams(canonical), () =>
    rankBoard(db, canonical),
  );
  // Past every run's samples, the ranking is the same at every k but for the k each entry names.
  return canonical.k === query.k ? entries : entries.map((entry) => ({ ...entry, k: query.k }));
}

/** Scored runs of one taskset, ranked, read from D1. */
export async function rankBoard(db: D1Database, query: LeaderboardQuery): Promise<LeaderboardEntry[]> {
  const filters = ["status = 'scored'", 'task = ?', 'taskset = ?'];
  const values: unknown[] = [query.task, query.taskset];
  if (query.method !== undefined) {
    filters.push('method = ?');
    values.push(query.method);
  }
  if (query.base_model !== undefined) {
    filters.push('base_model = ?');
    values.push(query.base_model);
  }
  const settings = settingsConditions(query);
  filters.push(...settings.conditions);
  values.push(...settings.values);
  const { results } = await db
    .prepare(
      `SELECT ${BOARD_ROW_COLUMNS} FROM runs
       WHERE ${filters.join(' AND ')} ORDER BY pass_at_1 DESC LIMIT ${MAX_BOARD_RUNS}`,
    )
    .bind(...values)
    .all<BoardRow>();
  return results
    .map((row) => entryOf(row, query.k))
    .sort(COMPARATORS[query.sort])
    .slice(0, query.limit)
    .map((entry, index) => ({ rank: index + 1, ...entry }));
}

const CSV_COLUMNS = [
  'rank',
  'run_id',
  'model',
  'base_model',
  'method',
  'step',
  'created_at',
  'pass_at_1',
  'k',
  'pass_at_k',
  'ci_low',
  'ci_high',
  'length_unit',
  'mean_length_correct',
  'mean_length_incorrect',
  'samples_per_problem_min',
  'samples_per_problem_max',
  'mode',
  'temperature',
  'top_p',
  'max_tokens',
  'prompt_template',
  'model_revision',
  'generator',
] as const satisfies ReadonlyArray<keyof LeaderboardEntry>;

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote fields with separators. A text that a spreadsheet could run as a formula (OWASP's list: a leading
  // =, +, -, @, also after whitespace, or a leading tab or carriage return) is defused with a quote.
  const safe = /^(?:[\t\r]|\s*[=+\-@])/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows as CSV (CRLF lines, a header of the column names), each field through csvField. */
export function csvTable<T>(columns: readonly (keyof T & string)[], rows: readonly T[]): string {
  const lines = [columns.join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function leaderboardCsv(entries: readonly LeaderboardEntry[]): string {
  return csvTable(CSV_COLUMNS, entries);
}
