// The settings a board can be narrowed to, so that its ranking compares like with like: the verifier mode
// that scored each run, its sampling (temperature, top_p, max_tokens), its samples per problem and the prompt
// template its submitter named. The
// values offered are those the taskset's scored runs have; a value no run has matches none.
import { ApiError } from '../errors.js';
import { cachedBoardRead } from './board-cache.js';
import { modesFor, type Task } from './scoring-packages.js';

export interface SettingsFilter {
  mode?: string | undefined;
  temperature?: number | undefined;
  top_p?: number | undefined;
  max_tokens?: number | undefined;
  /** samples per problem, the same for every problem of the run */
  n?: number | undefined;
  /** the prompt template's name, as the run's provenance gives it */
  prompt_template?: string | undefined;
}

export const SETTINGS_FILTER_FIELDS = [
  'mode',
  'temperature',
  'top_p',
  'max_tokens',
  'n',
  'prompt_template',
] as const;

/** Each filter's column expression in the runs table. */
const COLUMNS = {
  mode: 'mode',
  temperature: "json_extract(sampling, '$.temperature')",
  top_p: "json_extract(sampling, '$.top_p')",
  max_tokens: "json_extract(sampling, '$.max_tokens')",
  n: 'CASE WHEN samples_min = samples_max THEN samples_min END',
  prompt_template: "json_extract(provenance, '$.prompt_template.name')",
} as const satisfies Record<(typeof SETTINGS_FILTER_FIELDS)[number], string>;

export interface BoardChoices {
  baseModels: string[];
  modes: string[];
  temperatures: number[];
  top_ps: number[];
  max_tokens: number[];
  n: number[];
  prompt_templates: string[];
}

interface ChoiceRow {
  base_model: string | null;
  mode: string;
  temperature: number;
  top_p: number;
  max_tokens: number;
  n: number | null;
  prompt_template: string | null;
}

const distinctSorted = <T extends string | number>(values: Iterable<T | null>): T[] =>
  [...new Set(values)]
    .filter((value): value is T => value !== null)
    .sort((a, b) => (typeof a === 'number' ? a - (b as number) : String(a).localeCompare(String(b))));

/** What a taskset's scored runs have for each filter; cached until the next write to runs. */
export function boardChoices(db: D1Database, task: string, taskset: string): Promise<BoardChoices> {
  return cachedBoardRead(db, 'board-choices', { task, taskset }, async () => {
    const { results } = await db
      .prepare(
        `SELECT DISTINCT base_model, mode, ${COLUMNS.temperature} AS temperature, ${COLUMNS.top_p} AS top_p,
           ${COLUMNS.max_tokens} AS max_tokens, ${COLUMNS.n} AS n, ${COLUMNS.prompt_template} AS prompt_template
         FROM runs WHERE task = ? AND taskset = ? AND status = 'scored'`,
      )
      .bind(task, taskset)
      .all<ChoiceRow>();
    return {
      baseModels: distinctSorted(results.map((row) => row.base_model)),
      modes: distinctSorted(results.map((row) => row.mode)),
      temperatures: distinctSorted(results.map((row) => row.temperature)),
      top_ps: distinctSorted(results.map((row) => row.top_p)),
      max_tokens: distinctSorted(results.map((row) => row.max_tokens)),
      n: distinctSorted(results.map((row) => row.n)),
      prompt_templates: distinctSorted(results.map((row) => row.prompt_template)),
    };
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

const KNOWN: Record<(typeof SETTINGS_FILTER_FIELDS)[number], keyof BoardChoices> = {
  mode: 'modes',
  temperature: 'temperatures',
  top_p: 'top_ps',
  max_tokens: 'max_tokens',
  n: 'n',
  prompt_template: 'prompt_templates',
};

/** The filter with every value no run has replaced by one that matches nothing. */
export function canonicalSettings(filter: SettingsFilter, choices: BoardChoices): SettingsFilter {
  const canonical: SettingsFilter = {};
  for (const field of SETTINGS_FILTER_FIELDS) {
    const value = filter[field];
    if (value === undefined) continue;
    const known = (choices[KNOWN[field]] as readonly (string | number)[]).includes(value);
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
