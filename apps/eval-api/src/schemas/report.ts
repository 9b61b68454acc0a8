import { z } from '@hono/zod-openapi';

const LengthStatsSchema = z.object({
  count: z.number().int(),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});

export const IntervalSchema = z.object({
  se_problem: z.number(),
  se_sampling: z.number().nullable(),
  low: z.number(),
  high: z.number(),
});

/** The Report of @crossover/metrics, as the API returns it. */
export const ReportSchema = z
  .object({
    task: z.string(),
    mode: z.string(),
    taskset: z
      .object({
        task: z.string(),
        split: z.string(),
        version: z.string(),
        size: z.number(),
        digest: z.string(),
      })
      .passthrough()
      .nullable(),
    n_problems: z.number().int(),
    n_samples: z.number().int(),
    samples_per_problem: z.object({ min: z.number(), max: z.number(), mean: z.number() }),
    k: z.array(z.number().int()),
    pass_at_k: z.record(z.string(), z.number()),
    pass_at_k_ci: z.record(z.string(), IntervalSchema),
    pass_hat_k: z.record(z.string(), z.number()),
    maj_at_k: z.record(z.string(), z.number()),
    coverage: z.number(),
    reasons: z.record(z.string(), z.number()),
    degenerate: z
      .object({ problems: z.number().int(), one_answer: z.number().int(), share: z.number() })
      .optional()
      .openapi({
        description:
          'problems of 2+ samples whose every sample gave one extracted answer (absent for runs scored before it was counted)',
      }),
    lengths: z
      .object({
        unit: z.enum(['tokens', 'chars']),
        correct: LengthStatsSchema,
        incorrect: LengthStatsSchema,
        truncated: LengthStatsSchema.nullable(),
      })
      .passthrough(),
    per_problem: z
      .array(
        z.object({
          problem_id: z.string(),
          n: z.number().int(),
          c: z.number().int(),
          pass_at_k: z.record(z.string(), z.number()),
          maj_answer: z.string().nullable(),
          mean_length_correct: z.number().nullable(),
          mean_length_incorrect: z.number().nullable(),
        }),
      )
      .optional()
      .openapi({ description: 'only with ?detail=1' }),
  })
  .passthrough()
  .openapi('Report');
