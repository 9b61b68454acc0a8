// A model's checkpoint trajectory: its scored runs on one taskset at different training steps, in step order,
// each with pass@k at a chosen k and the mean lengths of its correct and incorrect answers: how pass@1, pass@k
// and the answer lengths move as training goes on.
import { cachedBoardRead } from './board-cache.js';
import { BOARD_ROW_COLUMNS, type BoardRow, entryOf, type LeaderboardEntry } from './leaderboard.js';

export interface TrajectoryQuery {
  task: string;
  taskset: string;
  model: string;
  k: number;
}

/** What each checkpoint of a trajectory keeps of its board entry (the JSON's fields, in order). */
export const TRAJECTORY_FIELDS = [
  'run_id',
  'step',
  'method',
  'k',
  'pass_at_1',
  'pass_at_k',
  'ci_low',
  'ci_high',
  'length_unit',
  'mean_length_correct',
  'mean_length_incorrect',
  'samples_per_problem_min',
  'samples_per_problem_max',
] as const satisfies ReadonlyArray<keyof LeaderboardEntry>;

export type TrajectoryPoint = Pick<LeaderboardEntry, (typeof TRAJECTORY_FIELDS)[number]>;

// One model's checkpoints; more than this is not a trajectory anyone reads point by point.
const MAX_TRAJECTORY_RUNS = 500;

function pointOf(entry: Omit<LeaderboardEntry, 'rank'>): TrajectoryPoint {
  return Object.fromEntries(TRAJECTORY_FIELDS.map((field) => [field, entry[field]])) as TrajectoryPoint;
}

/** The model's scored runs that name a training step, by step (then by age); cached until the next write. */
export function modelTrajectory(db: D1Database, query: TrajectoryQuery): Promise<TrajectoryPoint[]> {
  const { task, taskset, model, k } = query;
  return cachedBoardRead(db, 'trajectory', { task, taskset, model, k }, async () => {
    const { results } = await db
      .prepare(
        `SELECT ${BOARD_ROW_COLUMNS} FROM runs
         WHERE status = 'scored' AND task = ? AND taskset = ? AND model = ? AND step IS NOT NULL
         ORDER BY step, created_at, id LIMIT ${MAX_TRAJECTORY_RUNS}`,
      )
      .bind(task, taskset, model)
      .all<BoardRow>();
    return results.map((row) => pointOf(entryOf(row, k)));
  });
}
