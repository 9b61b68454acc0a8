import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { errorResponses } from '../errors.js';
import { TASKS } from '../services/scoring-packages.js';
import { defaultTasksetName, loadTaskset } from '../services/tasksets.js';
import { modelTrajectory, TRAJECTORY_FIELDS } from '../services/trajectory.js';
import { EntrySchema } from './leaderboard.js';

export const TrajectoryQuerySchema = z.object({
  task: z.enum(TASKS),
  taskset: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "default: the task's test split", example: 'gsm8k/test' }),
  model: z.string().min(1).max(200).openapi({ example: 'my-org/qwen2.5-1.5b-grpo' }),
  k: z.coerce.number().int().min(1).max(1_000_000).default(1),
});

const TrajectoryPointSchema = EntrySchema.pick(
  Object.fromEntries(TRAJECTORY_FIELDS.map((field) => [field, true])) as {
    [F in (typeof TRAJECTORY_FIELDS)[number]]: true;
  },
);

const TrajectorySchema = z
  .object({
    task: z.string(),
    taskset: z.string(),
    model: z.string(),
    k: z.number().int(),
    points: z.array(TrajectoryPointSchema),
  })
  .openapi('Trajectory');

export const trajectoryRoute = createRoute({
  method: 'get',
  path: '/v1/trajectory',
  summary:
    "One model's checkpoints: its scored runs at each training step, pass@k at k and the lengths of correct and incorrect answers",
  request: { query: TrajectoryQuerySchema },
  responses: {
    200: {
      description: 'The runs in step order',
      content: { 'application/json': { schema: TrajectorySchema } },
    },
    ...errorResponses(422),
  },
});

export function registerTrajectory(app: App): void {
  app.openapi(trajectoryRoute, async (c) => {
    const { task, model, k, ...query } = c.req.valid('query');
    const taskset = loadTaskset(task, query.taskset ?? defaultTasksetName(task), 'query.taskset').name;
    const points = await modelTrajectory(c.env.DB, { task, taskset, model, k });
    return c.json({ task, taskset, model, k, points }, 200);
  });
}
