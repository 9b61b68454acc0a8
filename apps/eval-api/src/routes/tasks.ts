import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { defaultMode, modesFor, TASKS } from '../services/scoring-packages.js';
import { listTasksets, tasksetName } from '../services/tasksets.js';

const TasksResponseSchema = z
  .object({
    tasks: z.array(
      z.object({
        task: z.enum(TASKS),
        modes: z.array(z.string()),
        default_mode: z.string(),
        tasksets: z.array(
          z.object({
            name: z.string().openapi({ example: 'gsm8k/test' }),
            task: z.string(),
            split: z.string(),
            version: z.string(),
            size: z.number().int(),
            digest: z.string(),
          }),
        ),
      }),
    ),
  })
  .openapi('Tasks');

export const tasksRoute = createRoute({
  method: 'get',
  path: '/v1/tasks',
  summary: 'Registered tasksets and verifier modes',
  responses: {
    200: {
      description: 'Tasks, their tasksets and modes',
      content: { 'application/json': { schema: TasksResponseSchema } },
    },
  },
});

export function registerTasks(app: App): void {
  app.openapi(tasksRoute, (c) => {
    const tasksets = listTasksets();
    const tasks = TASKS.map((task) => ({
      task,
      modes: [...modesFor(task)],
      default_mode: defaultMode(task),
      tasksets: tasksets
        .filter((taskset) => taskset.task === task)
        .map((taskset) => ({
          name: tasksetName(taskset),
          task: taskset.task,
          split: taskset.split,
          version: String(taskset.version),
          size: taskset.size,
          digest: taskset.digest,
        })),
    }));
    c.header('Cache-Control', 'public, max-age=300');
    return c.json({ tasks }, 200);
  });
}
