// The task registry: each task binds its dataset loader, prompt templates, verifier and default mode.
import { defaultMode, modesFor, type Verdict, type VerifyOptions, verify } from '@crossover/verifiers';
import {
  type CountdownGeneratorOptions,
  type CountdownProblemOptions,
  generateCountdownProblems,
} from './countdown/generator.js';
import { countdownMessages, countdownPrompt } from './countdown/prompt.js';
import { countdownSftTarget } from './countdown/sft-target.js';
import { countSolutions, solveCountdown } from './countdown/solver.js';
import { type Gsm8kParseOptions, gsm8kSftTarget, parseGsm8kJsonl } from './gsm8k/dataset.js';
import { gsm8kMessages, gsm8kPrompt } from './gsm8k/prompt.js';
import {
  type ChatMessage,
  type CountdownProblem,
  type CountdownReference,
  type Gsm8kProblem,
  PROMPT_TEMPLATES,
  type Problem,
  type PromptTemplate,
  type Task,
} from './problem.js';
import type { ShippedTasksetName } from './taskset/shipped.js';

interface TaskBase<P extends Problem> {
  readonly name: Task;
  readonly description: string;
  /** The verifier mode used when a caller names none. */
  readonly defaultMode: string;
  readonly modes: readonly string[];
  readonly templates: readonly PromptTemplate[];
  readonly shippedTasksets: readonly ShippedTasksetName[];
  /** Scores one completion of this problem with the task's verifier (the prompt goes along for modes that read it). */
  verify(
    problem: Pick<P, 'reference' | 'prompt'>,
    completion: string,
    options?: Pick<VerifyOptions, 'mode'>,
  ): Verdict;
}

export interface Gsm8kTask extends TaskBase<Gsm8kProblem> {
  readonly name: 'gsm8k';
  /** Dataset loader: official-format JSONL text to problems (the node entry reads files and URLs). */
  load(text: string, options: Gsm8kParseOptions): Gsm8kProblem[];
  prompt(question: string, template?: PromptTemplate): string;
  messages(question: string): ChatMessage[];
  sftTarget(problem: Pick<Gsm8kProblem, 'id' | 'solution'>, template?: PromptTemplate): string;
}

export interface CountdownTask extends TaskBase<CountdownProblem> {
  readonly name: 'countdown';
  /** Dataset loader: the seeded generator. */
  load(options: CountdownGeneratorOptions & CountdownProblemOptions): CountdownProblem[];
  prompt(reference: CountdownReference, template?: PromptTemplate): string;
  messages(reference: CountdownReference): ChatMessage[];
  sftTarget(problem: Pick<CountdownProblem, 'reference'>, solution: string): string;
  solve: typeof solveCountdown;
  countSolutions: typeof countSolutions;
}

export type TaskDefinition = Gsm8kTask | CountdownTask;

function verifierFor(task: Task): TaskBase<Problem>['verify'] {
  return (problem, completion, options = {}) =>
    verify(task, completion, problem.reference, { ...options, prompt: problem.prompt });
}

const GSM8K: Gsm8kTask = {
  name: 'gsm8k',
  description: 'Grade-school math word problems (OpenAI GSM8K); the answer is the number after ####.',
  defaultMode: defaultMode('gsm8k'),
  modes: modesFor('gsm8k'),
  templates: PROMPT_TEMPLATES,
  shippedTasksets: ['gsm8k/test'],
  verify: verifierFor('gsm8k'),
  load: parseGsm8kJsonl,
  prompt: gsm8kPrompt,
  messages: gsm8kMessages,
  sftTarget: gsm8kSftTarget,
};

const COUNTDOWN: CountdownTask = {
  name: 'countdown',
  description: 'Reach the target with + - * / using every given number exactly once (TinyZero format).',
  defaultMode: defaultMode('countdown'),
  modes: modesFor('countdown'),
  templates: PROMPT_TEMPLATES,
  shippedTasksets: ['countdown/test', 'countdown/easy'],
  verify: verifierFor('countdown'),
  load: generateCountdownProblems,
  prompt: countdownPrompt,
  messages: countdownMessages,
  sftTarget: countdownSftTarget,
  solve: solveCountdown,
  countSolutions,
};

const TASKS: readonly TaskDefinition[] = [GSM8K, COUNTDOWN];

export function getTask(name: 'gsm8k'): Gsm8kTask;
export function getTask(name: 'countdown'): CountdownTask;
export function getTask(name: string): TaskDefinition;
export function getTask(name: string): TaskDefinition {
  const task = TASKS.find((t) => t.name === name);
  if (!task)
    throw new Error(
      `unknown task ${JSON.stringify(name)}; expected one of ${TASKS.map((t) => t.name).join(', ')}`,
    );
  return task;
}

export function listTasks(): TaskDefinition[] {
  return [...TASKS];
}
