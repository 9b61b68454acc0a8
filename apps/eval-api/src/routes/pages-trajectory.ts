import type { Context } from 'hono';
import type { App, AppEnv } from '../app-env.js';
import { parseQuery } from '../errors.js';
import { powersOfTwoUpTo, withChoice } from '../pages/format.js';
import { sendErrorPage, sendPage } from '../pages/layout.js';
import { trajectoryCsv, trajectoryPage } from '../pages/trajectory-page.js';
import { TASKS, type Task } from '../services/scoring-packages.js';
import { defaultTasksetName, loadTaskset } from '../services/tasksets.js';
import { modelTrajectory, type TrajectoryPoint } from '../services/trajectory.js';
import { TrajectoryQuerySchema } from './trajectory.js';

/** Powers of two up to the fewest samples per problem of any checkpoint: the ks every point can answer. */
function kChoicesOf(points: readonly TrajectoryPoint[]): number[] {
  if (points.length === 0) return [1];
  return powersOfTwoUpTo(Math.min(...points.map((point) => point.samples_per_problem_min ?? 1)));
}

/** The query's trajectory; without a k, the largest k every checkpoint can answer. */
async function trajectoryOf(c: Context<AppEnv>) {
  const raw = c.req.query();
  const { task, model, ...query } = parseQuery(TrajectoryQuerySchema, raw);
  const taskset = loadTaskset(task as Task, query.taskset ?? defaultTasksetName(task), 'query.taskset').name;
  const atOne = await modelTrajectory(c.env.DB, { task, taskset, model, k: 1 });
  const kChoices = kChoicesOf(atOne);
  const k = raw.k === undefined || raw.k === '' ? kChoices[kChoices.length - 1]! : query.k;
  const points = k === 1 ? atOne : await modelTrajectory(c.env.DB, { task, taskset, model, k });
  return {
    task,
    taskset,
    model,
    k,
    kChoices: withChoice(kChoices, k),
    points,
  };
}

/** The task and taskset the address names, for the empty form. */
function taskOf(c: Context<AppEnv>): { task: string; taskset: string } {
  const task = (TASKS as readonly string[]).includes(c.req.query('task') ?? '')
    ? (c.req.query('task') as Task)
    : TASKS[0];
  return { task, taskset: defaultTasksetName(task) };
}

export function registerPagesTrajectory(app: App): void {
  app.get('/trajectory', async (c) => {
    try {
      if (!c.req.query('model')) {
        const view = { task: 'gsm8k', taskset: '', model: '', k: 1, kChoices: [1], points: [] };
        return await sendPage(c, { title: 'Trajectory', body: trajectoryPage({ ...view, ...taskOf(c) }) });
      }
      const view = await trajectoryOf(c);
      return await sendPage(c, { title: `Trajectory ${view.model}`, body: trajectoryPage(view) });
    } catch (error) {
      return sendErrorPage(c, error);
    }
  });

  // The checkpoints table as CSV: the same rows as /v1/trajectory's JSON `points`.
  app.get('/trajectory.csv', async (c) => {
    try {
      const { points } = await trajectoryOf(c);
      return c.body(trajectoryCsv(points), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': 'attachment; filename="trajectory.csv"',
      });
    } catch (error) {
      return sendErrorPage(c, error);
    }
  });
}
