import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { errorResponses } from '../errors.js';
import { clientAddress, countAgainstLimit } from '../middleware/rate-limit.js';
import { RunIdSchema } from '../schemas/run.js';
import { cachedComparison } from '../services/compare.js';
import { scoringApiError } from '../services/scoring.js';
import { MetricsError } from '../services/scoring-packages.js';

const RunRefSchema = RunIdSchema;

/** The bootstrap seed of a comparison (the API and the compare page take the same one). */
export const CompareSeedSchema = z.coerce
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1)
  .default(0);

/** The crossover-k interval width the sample-size plan aims at, in doublings of k (the page takes it too). */
export const ComparePlanWidthSchema = z.coerce.number().min(0).max(10).default(1).openapi({
  description: 'the crossover-k interval width, in doublings of k, that sample_size_plan aims at (default 1)',
});

const PlannedIntervalSchema = z.object({
  samples: z.number().int().nullable().openapi({ description: 'samples per problem; null: unlimited' }),
  low: z.number().int().nullable(),
  high: z.number().int().nullable(),
  doublings: z.number().nullable().openapi({ description: 'log2(high / low); null when open at the top' }),
});

const CompareQuerySchema = z.object({
  a: RunRefSchema.openapi({ example: 'run_0123456789abcdef0123' }),
  b: RunRefSchema.openapi({ example: 'run_abcdef0123456789abcd' }),
  seed: CompareSeedSchema,
  mode: z.string().min(1).max(64).optional().openapi({
    description:
      "the verifier mode to compare under (default: the task's default mode where both runs have scores under it, else each run's own)",
    example: 'strict',
  }),
  plan_width: ComparePlanWidthSchema,
});

const SideSchema = z.object({
  id: z.string(),
  model: z.string(),
  base_model: z.string().nullable(),
  method: z.string(),
  step: z.number().int().nullable(),
  task: z.string(),
  taskset: z.string(),
  mode: z.string().openapi({ description: "the verifier mode this side's curve was computed under" }),
  k: z.array(z.number().int()),
});

const ProblemGroupSchema = z.object({ count: z.number().int(), ids: z.array(z.string()) });

const CompareSchema = z
  .object({
    a: SideSchema,
    b: SideSchema,
    warnings: z
      .array(
        z.object({
          field: z.string().openapi({ example: 'sampling.temperature' }),
          a: z.union([z.string(), z.number()]).nullable(),
          b: z.union([z.string(), z.number()]).nullable(),
        }),
      )
      .openapi({
        description:
          'settings in which the runs differ (mode, taskset, taskset.digest, n, sampling.temperature, ' +
          'sampling.top_p, sampling.max_tokens, prompt_template, prompt_template.digest): a difference there ' +
          'is measured along with the training',
      }),
    problems: z
      .object({ common: z.number().int(), only_a: z.number().int(), only_b: z.number().int() })
      .openapi({ description: 'only problems both runs scored are compared' }),
    note: z.string(),
    k: z.array(z.number().int()).openapi({ description: 'the common k grid' }),
    points: z
      .array(
        z.object({
          k: z.number().int(),
          a: z.number(),
          b: z.number(),
          diff: z.number(),
          low: z.number(),
          high: z.number(),
        }),
      )
      .openapi({ description: 'pass@k of both runs, a - b and its 95% paired bootstrap interval, per k' }),
    crossover: z
      .object({
        behind: z.enum(['a', 'b']).nullable(),
        k: z.number().int().nullable(),
        probability: z.number().nullable(),
        low: z.number().nullable(),
        high: z.number().nullable(),
        distribution: z.record(z.string(), z.number()),
      })
      .openapi({ description: 'the first k at which the run behind at k=1 catches up (null: never)' }),
    coverage: z
      .object({
        only_a: ProblemGroupSchema,
        only_b: ProblemGroupSchema,
        both: ProblemGroupSchema,
        neither: ProblemGroupSchema,
      })
      .openapi({
        description:
          'the common problems solved at k = n (some sample correct) by a only, b only, both, neither',
      }),
    coverage_test: z
      .object({ only_a: z.number().int(), only_b: z.number().int(), p_value: z.number() })
      .openapi({
        description: 'two-sided exact McNemar test of the problems only a solves against those only b solves',
      }),
    sample_size_plan: z
      .object({
        width: z.number(),
        behind: z.enum(['a', 'b']).nullable(),
        current: PlannedIntervalSchema,
        candidates: z.array(PlannedIntervalSchema),
        samples_per_problem: z.number().int().nullable(),
        limit: PlannedIntervalSchema,
        note: z.string(),
      })
      .openapi({
        description:
          "how many samples per problem would bring the crossover-k interval within plan_width doublings of k, from the observed counts: the interval expected at today's n, at 2n, 4n, ... up to 8192, and with unlimited samples (what the problems alone leave)",
      }),
  })
  .passthrough()
  .openapi('Comparison');

export const compareRoute = createRoute({
  method: 'get',
  path: '/v1/compare',
  summary:
    'Two runs curve against curve: pass@k on the common k grid, the difference with its interval, the crossover k',
  request: { query: CompareQuerySchema },
  responses: {
    200: { description: 'The comparison', content: { 'application/json': { schema: CompareSchema } } },
    ...errorResponses(404, 409, 422, 429),
  },
});

export function registerCompare(app: App): void {
  app.openapi(compareRoute, async (c) => {
    const { a, b, seed, mode, plan_width } = c.req.valid('query');
    try {
      // A comparison not cached yet costs a bootstrap: it counts against the client's scoring limit.
      const comparison = await cachedComparison(c.env.DB, { a, b, seed, mode, planWidth: plan_width }, () =>
        countAgainstLimit(c, 'SCORE_RATE_LIMITER', clientAddress(c)),
      );
      return c.json(comparison, 200);
    } catch (error) {
      if (error instanceof MetricsError) throw scoringApiError(error) ?? error;
      throw error;
    }
  });
}
