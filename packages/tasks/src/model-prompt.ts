/**
 * Which prompt a model is trained and sampled with. `base` and `chat` are the tasks' own templates;
 * `compact` is a short Countdown prompt for byte-level models trained on a CPU, where the 400-byte base
 * prompt would cost most of the compute. The trainer stores the template with the model so that sampling
 * reuses it.
 */
import { countdownPrompt } from './countdown/prompt.js';
import type { CountdownReference, TaskProblem } from './problem.js';

export const TRAIN_TEMPLATES = ['base', 'chat', 'compact'] as const;

export type TrainTemplate = (typeof TRAIN_TEMPLATES)[number];

export function isTrainTemplate(value: unknown): value is TrainTemplate {
  return (TRAIN_TEMPLATES as readonly unknown[]).includes(value);
}

/**
 * Phrased like the first sentence of the task's SFT answers ("We need T from [..], using each number
 * once."), so that restating the problem is plain copying of a line the model has just read.
 */
export function compactCountdownPrompt({ numbers, target }: CountdownReference): string {
  return `We need ${target} from [${numbers.join(', ')}].\n<think>`;
}

/** The prompt for a problem under a template; base and chat keep the problem's own prompt when it has one. */
export function promptFor(problem: TaskProblem, template: TrainTemplate): string {
  if (problem.task === 'countdown') {
    if (template === 'compact') return compactCountdownPrompt(problem.reference);
    return template === 'base' && problem.prompt
      ? problem.prompt
      : countdownPrompt(problem.reference, template);
  }
  // GSM8K's base prompt ("Question: ...\nAnswer:") is already short.
  return problem.prompt;
}
