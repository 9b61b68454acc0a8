import { z } from 'zod';
import type { App } from '../app-env.js';
import { ApiError, parseQuery } from '../errors.js';
import { sendErrorPage, sendPage } from '../pages/layout.js';
import { problemsCsv } from '../pages/problems-table.js';
import { runPage } from '../pages/run-page.js';
import { RunIdSchema, runView } from '../schemas/run.js';
import { leaderboard } from '../services/leaderboard.js';
import type { LengthHistogram } from '../services/length-histogram.js';
import { decodeDisagreements, runModeScores } from '../services/run-modes.js';
import { findRun, listProblems, problemCounts, type RunRow } from '../services/runs.js';
import type { Task } from '../services/scoring-packages.js';
import { decodeLengthHistogram, decodeReport } from '../services/stored-json.js';

const ProblemsPageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(512).optional(),
});

async function requirePageRun(db: D1Database, id: string): Promise<RunRow> {
  const run = RunIdSchema.safeParse(id).success ? await findRun(db, id) : null;
  if (!run) throw new ApiError('not_found', `no run ${id}`);
  return run;
}

function problemsQuery(values: Record<string, string>) {
  const { limit, cursor } = parseQuery(ProblemsPageQuerySchema, values);
  return { limit, cursor: cursor ?? null };
}

/** k grid of a scored run's report; [1] before it is scored. */
function reportKs(run: RunRow): number[] {
  return run.report === null ? [1] : decodeReport(run.report).k;
}

function storedLengths(run: RunRow): LengthHistogram | null {
  return run.length_histogram ? decodeLengthHistogram(run.length_histogram) : null;
}

export function registerPagesRun(app: App): void {
  app.get('/runs/:id', async (c) => {
    try {
      const row = await requirePageRun(c.env.DB, c.req.param('id'));
      const { limit, cursor } = problemsQuery(c.req.query());
      const lengths = storedLengths(row);
      const scored = row.status === 'scored';
      const [page, allProblems, others, modes] = await Promise.all([
        listProblems(c.env.DB, row.id, cursor, limit),
        scored && lengths === null ? problemCounts(c.env.DB, row.id) : Promise.resolve([]),
        leaderboard(c.env.DB, { task: row.task, taskset: row.taskset, k: 1, sort: 'pass@1', limit: 100 }),
        scored ? runModeScores(c.env.DB, { id: row.id, task: row.task as Task }) : Promise.resolve([]),
      ]);
      const body = runPage({
        run: runView(row),
        lengths,
        allProblems,
        others,
        modes,
        disagreements: decodeDisagreements(row.mode_disagreements),
        problems: {
          runId: row.id,
          ks: reportKs(row),
          rows: page.problems,
          limit,
          cursor,
          nextCursor: page.next_cursor,
        },
      });
      return await sendPage(c, { title: row.model, body });
    } catch (error) {
      return sendErrorPage(c, error);
    }
  });

  // The per-problem page as CSV: the same rows as /v1/runs/:id/problems with the same limit and cursor.
  app.get('/runs/:id/problems.csv', async (c) => {
    try {
      const row = await requirePageRun(c.env.DB, c.req.param('id'));
      const { limit, cursor } = problemsQuery(c.req.query());
      const page = await listProblems(c.env.DB, row.id, cursor, limit);
      return c.body(problemsCsv(reportKs(row), page.problems), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${row.id}-problems.csv"`,
      });
    } catch (error) {
      return sendErrorPage(c, error);
    }
  });
}
