// The tasksets bundled with the package, importable anywhere (the eval-api scores by problem id inside a
// Worker, so it needs the references without any file or network access).
import type { TaskProblem, TaskSet } from '../problem.js';
import { parseProblemsJsonl } from './problems-jsonl.js';
import { COUNTDOWN_EASY } from './shipped/countdown-easy.js';
import { COUNTDOWN_TEST } from './shipped/countdown-test.js';
import { GSM8K_TEST } from './shipped/gsm8k-test.js';
import type { ShippedTasksetData } from './shipped/shipped-data.js';

const SHIPPED = {
  'gsm8k/test': GSM8K_TEST,
  'countdown/test': COUNTDOWN_TEST,
  'countdown/easy': COUNTDOWN_EASY,
} as const satisfies Record<string, ShippedTasksetData>;

export type ShippedTasksetName = keyof typeof SHIPPED;

export const SHIPPED_TASKSET_NAMES = Object.keys(SHIPPED) as ShippedTasksetName[];

export function isShippedTasksetName(name: unknown): name is ShippedTasksetName {
  return typeof name === 'string' && Object.hasOwn(SHIPPED, name);
}

/** The TaskSet labels of every shipped taskset (copies; safe to modify). */
export function shippedTasksets(): TaskSet[] {
  return SHIPPED_TASKSET_NAMES.map((name) => ({ ...SHIPPED[name].taskset }));
}

/** `task/split`, the name a shipped taskset is loaded by. */
export function tasksetName(taskset: Pick<TaskSet, 'task' | 'split'>): string {
  return `${taskset.task}/${taskset.split}`;
}

export interface ShippedTaskset {
  taskset: TaskSet;
  /** Where the problems came from (dataset file and its digest, or generator settings). */
  origin: string;
  problems: TaskProblem[];
}

/** A shipped taskset's label and problems (parsed afresh on every call, prompts in the `base` template). */
export function loadShippedTaskset(
  name: ShippedTasksetName,
  options: { template?: 'base' | 'chat' } = {},
): ShippedTaskset {
  if (!isShippedTasksetName(name)) {
    throw new Error(
      `unknown shipped taskset ${JSON.stringify(name)}; expected one of ${SHIPPED_TASKSET_NAMES.join(', ')}`,
    );
  }
  const data = SHIPPED[name];
  const problems = parseProblemsJsonl(data.lines.join('\n'), { source: name, template: options.template });
  return { taskset: { ...data.taskset }, origin: data.origin, problems };
}

/** The shipped taskset with this digest, if any; lets a server accept a digest in place of a name. */
export function findShippedTaskset(digest: string): TaskSet | undefined {
  const data = Object.values(SHIPPED).find((d) => d.taskset.digest === digest);
  return data && { ...data.taskset };
}
