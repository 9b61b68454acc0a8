import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { errorResponses } from '../errors.js';
import { conditionalGet, sendCachedBody } from '../http/cached-body.js';
import { BoardSettingsQuerySchema } from '../schemas/board-settings.js';
import { boardBodyOf, cachedBoardBody } from '../services/board-cache.js';
import { assertModeOf } from '../services/board-filters.js';
import {
  canonicalLeaderboardQuery,
  LEADERBOARD_SORTS,
  leaderboard,
  leaderboardCsv,
  leaderboardParams,
} from '../services/leaderboard.js';
import { RUN_METHODS } from '../services/runs.js';
import { resolveTaskMode } from '../services/scoring.js';
import { TASKS } from '../services/scoring-packages.js';
import { defaultTasksetName, loadTaskset } from '../services/tasksets.js';

const LeaderboardQuerySchema = z.object({
  task: z.enum(TASKS),
  taskset: z
    .string()
    .optional()
    .openapi({ description: "default: the task's test split", example: 'gsm8k/test' }),
  k: z.coerce.number().int().min(1).max(1_000_000).default(1),
  sort: z.enum(LEADERBOARD_SORTS).default('pass@k'),
  method: z.enum(RUN_METHODS).optional(),
  base_model: z.string().max(200).optional(),
  ...BoardSettingsQuerySchema.shape,
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z.enum(['json', 'csv']).default('json'),
});

export const EntrySchema = z.object({
  rank: z.number().int(),
  run_id: z.string(),
  model: z.string(),
  base_model: z.string().nullable(),
  method: z.enum(RUN_METHODS),
  step: z.number().int().nullable(),
  created_at: z.string(),
  pass_at_1: z.number().nullable(),
  k: z.number().int(),
  pass_at_k: z.number().nullable(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
  length_unit: z.string().nullable(),
  mean_length_correct: z.number().nullable(),
  mean_length_incorrect: z.number().nullable(),
  samples_per_problem_min: z.number().int().nullable(),
  samples_per_problem_max: z.number().int().nullable(),
  mode: z.string(),
  temperature: z.number(),
  top_p: z.number(),
  max_tokens: z.number().int(),
  prompt_template: z.string().nullable(),
  model_revision: z.string().nullable(),
  generator: z.string().nullable(),
});

const LeaderboardSchema = z
  .object({
    task: z.string(),
    taskset: z.string(),
    k: z.number().int(),
    sort: z.string(),
    runs: z.array(EntrySchema),
  })
  .openapi('Leaderboard');

export const leaderboardRoute = createRoute({
  method: 'get',
  path: '/v1/leaderboard',
  summary:
    'Ranked scored runs of a taskset: pass@1, pass@k with its 95% interval, lengths, samples per problem',
  request: { query: LeaderboardQuerySchema },
  responses: {
    200: {
      description: 'The leaderboard (JSON, or CSV with ?format=csv)',
      content: { 'application/json': { schema: LeaderboardSchema }, 'text/csv': { schema: z.string() } },
    },
    304: { description: 'Not modified: the If-None-Match ETag is still the current one' },
    ...errorResponses(422),
  },
});

const CONTENT_TYPES = { json: 'application/json', csv: 'text/csv; charset=utf-8' } as const;

export function registerLeaderboard(app: App): void {
  app.use(leaderboardRoute.path, conditionalGet);
  app.openapi(leaderboardRoute, async (c) => {
    const query = c.req.valid('query');
    const { task } = resolveTaskMode(query.task, undefined);
    assertModeOf(task, query.mode);
    const taskset = loadTaskset(task, query.taskset ?? defaultTasksetName(task)).name;
    const params = { ...query, taskset };
    const render = async () => {
      const runs = await leaderboard(c.env.DB, params);
      if (query.format === 'csv') return leaderboardCsv(runs);
      return JSON.stringify({ task, taskset, k: query.k, sort: query.sort, runs });
    };
    const canonical = await canonicalLeaderboardQuery(c.env.DB, params);
    // A k past every run's samples differs from the others only by the k it echoes: it is rendered from the
    // one ranking they share and not kept as a body of its own, so varying it fills no cache.
    if (canonical.k !== query.k)
      return sendCachedBody(c, await boardBodyOf(await render()), CONTENT_TYPES[query.format]);
    // The serialised document is cached per board version and canonical query: a hit costs neither ranking
    // nor JSON.stringify.
    const key = { ...leaderboardParams(canonical), format: query.format };
    const body = await cachedBoardBody(c.env.DB, 'leaderboard-body', key, render);
    return sendCachedBody(c, body, CONTENT_TYPES[query.format]);
  });
}
