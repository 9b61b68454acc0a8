import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { errorResponses } from '../errors.js';
import { IntervalSchema } from '../schemas/report.js';
import { RunIdParamsSchema } from '../schemas/run.js';
import { decodeDisagreements, runModeScores } from '../services/run-modes.js';
import type { Task } from '../services/scoring-packages.js';
import { requireRun } from './runs-get.js';

const JudgementSchema = z.object({
  correct: z.boolean(),
  extracted: z.string().nullable(),
  reason: z.string(),
});

export const ModeDisagreementSchema = z
  .object({
    modes: z.tuple([z.string(), z.string()]),
    samples: z.number().int().openapi({ description: 'samples the two modes judged differently' }),
    only_first: z.number().int().openapi({ description: 'of those, correct only under the first mode' }),
    only_second: z.number().int(),
    examples: z.array(
      z.object({
        problem_id: z.string(),
        completion: z.string().openapi({ description: 'cut to its first and last 300 characters' }),
        judgements: z.tuple([JudgementSchema, JudgementSchema]),
      }),
    ),
  })
  .openapi('ModeDisagreement');

export const ModeScoresSchema = z
  .object({
    mode: z.string(),
    verifier_version: z.number().int(),
    k: z.array(z.number().int()),
    pass_at_k: z.record(z.string(), z.number()),
    pass_at_k_ci: z.record(z.string(), IntervalSchema),
    coverage: z.number(),
    reasons: z.record(z.string(), z.number()),
  })
  .openapi('ModeScores');

const RunModesSchema = z
  .object({
    run_id: z.string(),
    mode: z.string().openapi({ description: 'the mode the run is ranked by' }),
    modes: z.array(ModeScoresSchema).openapi({
      description:
        "every mode of the task, in the task's order; empty until scored, and for runs scored before modes were stored",
    }),
    disagreements: z
      .array(ModeDisagreementSchema)
      .openapi({ description: 'pairs of modes, the largest first' }),
  })
  .openapi('RunModes');

export const runsModesRoute = createRoute({
  method: 'get',
  path: '/v1/runs/{id}/modes',
  summary: "A run's pass@k under every verifier mode of its task, and where the modes disagree",
  request: { params: RunIdParamsSchema },
  responses: {
    200: { description: 'By mode', content: { 'application/json': { schema: RunModesSchema } } },
    ...errorResponses(404, 422),
  },
});

export function registerRunsModes(app: App): void {
  app.openapi(runsModesRoute, async (c) => {
    const run = await requireRun(c.env.DB, c.req.valid('param').id);
    const modes = await runModeScores(c.env.DB, { id: run.id, task: run.task as Task });
    return c.json(
      { run_id: run.id, mode: run.mode, modes, disagreements: decodeDisagreements(run.mode_disagreements) },
      200,
    );
  });
}
