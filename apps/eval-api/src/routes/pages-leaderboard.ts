import { z } from 'zod';
import type { App } from '../app-env.js';
import { parseQuery } from '../errors.js';
import { conditionalGet, sendCachedBody } from '../http/cached-body.js';
import { powersOfTwoUpTo, withChoice } from '../pages/format.js';
import { layout, PAGE_HEADERS, sendErrorPage } from '../pages/layout.js';
import { leaderboardPage } from '../pages/leaderboard-page.js';
import { BoardSettingsQuerySchema } from '../schemas/board-settings.js';
import { cachedBoardBody } from '../services/board-cache.js';
import { assertModeOf, boardChoices, type SettingsFilter, settingsOf } from '../services/board-filters.js';
import { latestScoredBoard, runCurves } from '../services/board-page.js';
import {
  LEADERBOARD_SORTS,
  type LeaderboardEntry,
  type LeaderboardSort,
  leaderboard,
} from '../services/leaderboard.js';
import { RUN_METHODS } from '../services/runs.js';
import { TASKS, type Task } from '../services/scoring-packages.js';
import { defaultTasksetName, loadTaskset } from '../services/tasksets.js';

// Empty form fields ("all") mean no filter.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const BoardPageQuerySchema = z.object({
  task: optional(z.enum(TASKS)),
  taskset: optional(z.string().max(200)),
  k: optional(z.coerce.number().int().min(1).max(1_000_000)),
  sort: z.enum(LEADERBOARD_SORTS).default('pass@k'),
  method: optional(z.enum(RUN_METHODS)),
  base_model: optional(z.string().max(200)),
  ...BoardSettingsQuerySchema.shape,
});

const BOARD_ROWS = 100;
const CURVES_SHOWN = 5;

/** Powers of two up to the most samples per problem any run of the board has. */
function kChoicesOf(entries: readonly LeaderboardEntry[]): number[] {
  return powersOfTwoUpTo(Math.max(1, ...entries.map((entry) => entry.samples_per_problem_min ?? 1)));
}

interface BoardQuery {
  settings: SettingsFilter;
  task: Task;
  taskset: string;
  k: number | undefined;
  sort: LeaderboardSort;
  method: string | undefined;
  baseModel: string | undefined;
}

/** The whole board page (layout included) as HTML text. */
async function renderBoard(db: D1Database, query: BoardQuery): Promise<string> {
  const { task, taskset, sort, method, baseModel, settings } = query;
  const filters = { task, taskset, method, base_model: baseModel, ...settings, limit: BOARD_ROWS };
  // Without a k, rank at the largest k every listed run can answer: the curves' far end.
  const atOne = await leaderboard(db, { ...filters, k: 1, sort });
  const kChoices = kChoicesOf(atOne);
  const k = query.k ?? kChoices[kChoices.length - 1] ?? 1;
  const [entries, choices] = await Promise.all([
    k === 1 ? atOne : leaderboard(db, { ...filters, k, sort }),
    boardChoices(db, task, taskset),
  ]);
  const curves = await runCurves(
    db,
    entries.slice(0, CURVES_SHOWN).map((entry) => entry.run_id),
  );
  const page = await leaderboardPage({
    tasks: TASKS,
    task,
    taskset,
    k,
    kChoices: withChoice(kChoices, k),
    sort,
    method,
    baseModel,
    settings,
    choices,
    entries,
    curves,
  });
  const document = await layout({ title: `Leaderboard ${taskset}`, body: page });
  return document.toString();
}

/** The address's task and taskset; what it leaves out comes from the latest scored run, else the defaults. */
async function boardToOpen(
  db: D1Database,
  task: Task | undefined,
  taskset: string | undefined,
): Promise<{ task: Task; tasksetName: string }> {
  if (task && taskset) return { task, tasksetName: taskset };
  const latest = taskset ? null : await latestScoredBoard(db, task);
  const named = TASKS.find((t) => taskset?.startsWith(`${t}/`));
  const chosen = task ?? named ?? (latest?.task as Task | undefined) ?? TASKS[0];
  return { task: chosen, tasksetName: taskset ?? latest?.taskset ?? defaultTasksetName(chosen) };
}

export function registerPagesLeaderboard(app: App): void {
  app.use('/', conditionalGet);
  app.get('/', async (c) => {
    try {
      const parsed = parseQuery(BoardPageQuerySchema, c.req.query());
      const { sort, method, base_model: baseModel } = parsed;
      const settings = settingsOf(parsed);
      const { task, tasksetName } = await boardToOpen(c.env.DB, parsed.task, parsed.taskset);
      assertModeOf(task, settings.mode);
      const taskset = loadTaskset(task, tasksetName).name;
      const query: BoardQuery = { task, taskset, k: parsed.k, sort, method, baseModel, settings };
      // The complete page is cached per board version as encoded bytes with their ETag, like the reads it is
      // made of: a hit renders nothing, and a client holding the current page gets a 304.
      const params = { task, taskset, k: query.k, sort, method, base_model: baseModel, ...settings };
      const page = await cachedBoardBody(c.env.DB, 'board-page-html', params, () =>
        renderBoard(c.env.DB, query),
      );
      return sendCachedBody(c, page, 'text/html; charset=UTF-8', PAGE_HEADERS);
    } catch (error) {
      return sendErrorPage(c, error);
    }
  });
}
