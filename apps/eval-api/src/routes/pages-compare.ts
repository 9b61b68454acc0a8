import type { Context } from 'hono';
import { z } from 'zod';
import type { App, AppEnv } from '../app-env.js';
import { ApiError, parseQuery } from '../errors.js';
import { clientAddress, countAgainstLimit } from '../middleware/rate-limit.js';
import { type Comparison, comparePage, comparePointsCsv } from '../pages/compare-page.js';
import { sendErrorPage, sendPage } from '../pages/layout.js';
import { RunIdSchema } from '../schemas/run.js';
import { runCurves } from '../services/board-page.js';
import { type CompareRequest, cachedComparison } from '../services/compare.js';
import { scoringApiError } from '../services/scoring.js';
import { MetricsError } from '../services/scoring-packages.js';
import { ComparePlanWidthSchema, CompareSeedSchema } from './compare.js';

const RunRef = RunIdSchema;

const ComparePageQuerySchema = z.object({
  a: z.preprocess((value) => (value === '' ? undefined : value), RunRef.optional()),
  b: z.preprocess((value) => (value === '' ? undefined : value), RunRef.optional()),
  seed: CompareSeedSchema,
  mode: z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).max(64).optional()),
  plan_width: z.preprocess((value) => (value === '' ? undefined : value), ComparePlanWidthSchema),
});

function compareQuery(c: Context<AppEnv>) {
  return parseQuery(ComparePageQuerySchema, c.req.query());
}

/** The comparison of /v1/compare, cached per board version (it bootstraps, and runs only change by writes). */
async function comparison(c: Context<AppEnv>, request: CompareRequest): Promise<Comparison> {
  try {
    // As on /v1/compare, a comparison not cached yet costs a bootstrap and counts against the scoring limit.
    return await cachedComparison(c.env.DB, request, () =>
      countAgainstLimit(c, 'SCORE_RATE_LIMITER', clientAddress(c)),
    );
  } catch (error) {
    if (error instanceof MetricsError) throw scoringApiError(error) ?? error;
    throw error;
  }
}

export function registerPagesCompare(app: App): void {
  app.get('/compare', async (c) => {
    try {
      const { a, b, seed, mode, plan_width: planWidth } = compareQuery(c);
      if (a === undefined || b === undefined) {
        const body = comparePage({ a, b, seed, mode, planWidth, curves: [] });
        return await sendPage(c, { title: 'Compare', body });
      }
      const [result, curves] = await Promise.all([
        comparison(c, { a, b, seed, mode, planWidth }),
        runCurves(c.env.DB, [a, b]),
      ]);
      const body = comparePage({ a, b, seed, mode, planWidth, comparison: result, curves });
      return await sendPage(c, { title: `${result.a.model} vs ${result.b.model}`, body });
    } catch (error) {
      return sendErrorPage(c, error);
    }
  });

  // The points table as CSV: the same rows as /v1/compare's JSON `points`.
  app.get('/compare.csv', async (c) => {
    try {
      const { a, b, seed, mode, plan_width: planWidth } = compareQuery(c);
      if (a === undefined || b === undefined) throw new ApiError('invalid_request', 'a and b are required');
      const result = await comparison(c, { a, b, seed, mode, planWidth });
      return c.body(comparePointsCsv(result), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="compare-${a}-${b}.csv"`,
      });
    } catch (error) {
      return sendErrorPage(c, error);
    }
  });
}
