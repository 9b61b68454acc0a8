// The settings a board can be narrowed to, so that its ranking compares like with like: the verifier mode
// that scored each run, its sampling (temperature, top_p, max_tokens), its samples per problem and the prompt
// template its submitter named. The values offered are those the taskset's scored runs have; a value no run
// has matches none.
import { ApiError } from '../errors.js';
import { cachedBoardRead } from './board-cache.js';
import { modesFor, type Task } from './scoring-packages.js';

export const SETTINGS_FILTER_FIELDS = [
  'mode',
  'temperature',
  'top_p',
  'max_tokens',
  'n',
  'prompt_template',
] as const;

type SettingsField = (typeof SETTINGS_FILTER_FIELDS)[number];

/** The value of each filter. */
interface SettingsValues {
  mode: string;
  temperature: number;
  top_p: number;
  max_tokens: number;
  /** samples per problem, the same for every problem of the run */
  n: number;
  /** the prompt template's name, as the run's provenance gives it */
  prompt_template: string;
}

export type SettingsFilter = { [F in SettingsField]?: SettingsValues[F] | undefined };

/** A query's settings filter: its values of SETTINGS_FILTER_FIELDS, nothing else. */
export function settingsOf(query: SettingsFilter): SettingsFilter {
  const settings: SettingsFilter = {};
  for (const field of SETTINGS_FILTER_FIELDS) (settings as Record<string, unknown>)[field] = query[field];
  return settings;
}

/** Each filter's column expression in the runs table. */
const COLUMNS = {
  mode: 'mode',
  temperature: "json_extract(sampling, '$.temperature')",
  top_p: "json_extract(sampling, '$.top_p')",
  max_tokens: "json_extract(sampling, '$.max_tokens')",
  n: 'CASE WHEN samples_min = samples_max THEN samples_min END',
  prompt_template: "json_extract(provenance, '$.prompt_template.name')",
} as const satisfies Record<SettingsField, string>;

/** The base models and, for each filter, the values a taskset's scored runs have, ascending. */
export type BoardChoices = { baseModels: string[] } & { [F in SettingsField]: SettingsValues[F][] };

type ChoiceRow = { base_model: string | null } & { [F in SettingsField]: SettingsValues[F] | null };

const distinctSorted = <T extends string | number>(values: Iterable<T | null>): T[] =>
  [...new Set(values)]
    .filter((value): value is T => value !== null)
    .sort((a, b) => (typeof a === 'number' ? a - (b as number) : String(a).localeCompare(String(b))));

/** What a taskset's scored runs have for each filter; cached until the next write to runs. */
export function boardChoices(db: D1Database, task: string, taskset: string): Promise<BoardChoices> {
  return cachedBoardRead(db, 'board-choices', { task, taskset }, async () => {
    const { results } = await db
      .prepare(
        `SELECT DISTINCT base_model, ${SETTINGS_FILTER_FIELDS.map((field) => `${COLUMNS[field]} AS ${field}`).join(', ')}
         FROM runs WHERE task = ? AND taskset = ? AND status = 'scored'`,
      )
      .bind(task, taskset)
      .all<ChoiceRow>();
    const choices = { baseModels: distinctSorted(results.map((row) => row.base_model)) } as BoardChoices;
    for (const field of SETTINGS_FILTER_FIELDS)
      (choices as Record<string, unknown>)[field] = distinctSorted(results.map((row) => row[field]));
    return choices;
  });
}

// What a filter with a value no run has becomes: it matches no row (modes are never empty, sampling never
// negative), and every such request shares one cache entry.
const MATCHES_NONE = {
  mode: '',
  temperature: -1,
  top_p: -1,
  max_tokens: -1,
  n: -1,
  prompt_template: '',
} as const;

/** The filter with every value no run has replaced by one that matches nothing. */
export function canonicalSettings(filter: SettingsFilter, choices: BoardChoices): SettingsFilter {
  const canonical: SettingsFilter = {};
  for (const field of SETTINGS_FILTER_FIELDS) {
    const value = filter[field];
    if (value === undefined) continue;
    const known = (choices[field] as readonly (string | number)[]).includes(value);
    (canonical as Record<string, string | number>)[field] = known ? value : MATCHES_NONE[field];
  }
  return canonical;
}

/** SQL conditions and their bound values for a filter. */
export function settingsConditions(filter: SettingsFilter): { conditions: string[]; values: unknown[] } {
  const conditions: string[] = [];
  const values: unknown[] = [];
  for (const field of SETTINGS_FILTER_FIELDS) {
    const value = filter[field];
    if (value === undefined) continue;
    conditions.push(`${COLUMNS[field]} = ?`);
    values.push(value);
  }
  return { conditions, values };
}

/** A mode filter names one of the task's verifier modes (a 422 otherwise, as for any bad parameter). */
export function assertModeOf(task: Task, mode: string | undefined): void {
  if (mode === undefined || modesFor(task).includes(mode)) return;
  throw new ApiError(
    'invalid_request',
    `query.mode: ${task} has no mode ${JSON.stringify(mode)}; expected one of ${modesFor(task).join(', ')}`,
    {
      field: 'query.mode',
    },
  );
}
