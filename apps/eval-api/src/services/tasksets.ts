import { ApiError } from '../errors.js';
import {
  loadShippedTaskset,
  type Problem,
  shippedTasksets,
  type Task,
  type TaskSet,
} from './scoring-packages.js';

/** A taskset's public name: `gsm8k/test`. */
export function tasksetName(taskset: Pick<TaskSet, 'task' | 'split'>): string {
  return `${taskset.task}/${taskset.split}`;
}

export interface LoadedTaskset {
  name: string;
  taskset: TaskSet;
  problems: Map<string, Problem>;
}

// Problems are immutable bundled data: one Map per isolate, built on first use.
const loaded = new Map<string, LoadedTaskset>();

export function listTasksets(): TaskSet[] {
  return shippedTasksets();
}

/** Loads a registered taskset by name; 422 naming `field` when there is none of that name for the task. */
export function loadTaskset(task: Task, name: string, field = 'taskset'): LoadedTaskset {
  const cached = loaded.get(name);
  if (cached && cached.taskset.task === task) return cached;
  const known = shippedTasksets().filter((taskset) => taskset.task === task);
  const match = known.find((taskset) => tasksetName(taskset) === name);
  if (!match) {
    const names = known.map(tasksetName).join(', ') || 'none';
    throw new ApiError(
      'invalid_request',
      `${field}: unknown ${task} taskset ${JSON.stringify(name)}; registered: ${names}`,
      {
        field,
      },
    );
  }
  const { taskset, problems } = loadShippedTaskset(name as Parameters<typeof loadShippedTaskset>[0]);
  const entry: LoadedTaskset = {
    name,
    taskset,
    problems: new Map(problems.map((problem) => [problem.id, problem])),
  };
  loaded.set(name, entry);
  return entry;
}

/** The taskset a task's records refer to by default: its test split. */
export function defaultTasksetName(task: Task): string {
  const tasksets = shippedTasksets().filter((taskset) => taskset.task === task);
  const preferred = tasksets.find((taskset) => taskset.split === 'test') ?? tasksets[0];
  if (!preferred)
    throw new ApiError('invalid_request', `task: no taskset is registered for ${task}`, { field: 'task' });
  return tasksetName(preferred);
}
