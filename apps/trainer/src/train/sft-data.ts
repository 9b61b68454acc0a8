/**
 * Reference solutions for SFT. Countdown: fresh instances from the task package's generator, each with a
 * solution from its exact solver written out by `countdownSftTarget` (steps in <think>, the equation in
 * <answer>); instances that also appear in the evaluation set are left out. GSM8K: the train split's own
 * solutions.
 */
import {
  type CountdownProblem,
  type CountdownTargetStyle,
  type CountdownTermOrder,
  countdownListedSftTarget,
  countdownSftTarget,
  type Gsm8kProblem,
  generateCountdownProblems,
  gsm8kSftTarget,
  promptFor,
  solveCountdown,
  solveCountdownInOrder,
  type TaskProblem,
  type TrainTemplate,
} from '@crossover/tasks';
import { Rng } from '../model/rng.js';
import type { SftExample } from './data.js';

/** What makes a generated Countdown instance hard: how many numbers, how large, which targets. */
export interface CountdownDifficulty {
  minCount?: number;
  maxCount?: number;
  minNumber?: number;
  maxNumber?: number;
  minTarget?: number;
  maxTarget?: number;
}

export interface CountdownSftOptions extends CountdownDifficulty {
  count: number;
  seed: number;
  template: TrainTemplate;
  /** Problems to keep out of training (the held-out evaluation set). */
  exclude?: TaskProblem[];
  /** Distinct solutions to choose from per instance (one is picked at random). */
  solutionsPerProblem?: number;
  /** How answers order the numbers; see CountdownAnswerOrder. */
  termOrder?: CountdownAnswerOrder;
  /** `terse`: the steps and the answer only, without restating the problem (listed order). */
  targetStyle?: CountdownTargetStyle;
}

/**
 * `canonical`: terms of each sum and product larger first; `prompt`: those terms in the order the prompt
 * lists the numbers; `listed`: the numbers exactly in the listed order, only operators and brackets
 * chosen (instances without such a solution are left out, about half of them).
 */
export type CountdownAnswerOrder = CountdownTermOrder | 'listed';

export function isCountdownAnswerOrder(value: string): value is CountdownAnswerOrder {
  return value === 'canonical' || value === 'prompt' || value === 'listed';
}

export function countdownSftExamples(options: CountdownSftOptions): SftExample[] {
  const heldOut = new Set((options.exclude ?? []).filter(isCountdown).map(instanceKey));
  const rng = new Rng(options.seed ^ 0x5f3759df);
  const problems = generateCountdownProblems({
    ...difficultyOf(options),
    seed: options.seed,
    count: options.count,
    idPrefix: 'countdown/sft',
  });
  const examples: SftExample[] = [];
  for (const problem of problems) {
    if (heldOut.has(instanceKey(problem))) continue;
    const completion = solvedCompletion(problem, options, rng);
    if (completion !== null) examples.push({ prompt: promptFor(problem, options.template), completion });
  }
  return examples;
}

function solvedCompletion(problem: CountdownProblem, options: CountdownSftOptions, rng: Rng): string | null {
  const { numbers, target } = problem.reference;
  const order = options.termOrder ?? 'canonical';
  if (order === 'listed') {
    // One of the simplest `solutionsPerProblem` (default 1: a fixed choice per instance is the most
    // consistent policy to imitate; more gives the SFT data, and so the base model, more diversity).
    const simplest = solveCountdownInOrder(numbers, target).slice(0, options.solutionsPerProblem ?? 1);
    const chosen = simplest[rng.int(simplest.length)];
    return chosen ? countdownListedSftTarget(problem, chosen, options.targetStyle ?? 'full') : null;
  }
  const solutions = solveCountdown(numbers, target, { limit: options.solutionsPerProblem ?? 4 });
  const solution = solutions[rng.int(solutions.length)];
  return solution === undefined ? null : countdownSftTarget(problem, solution, { termOrder: order });
}

/**
 * Auxiliary Countdown examples that teach only the first sentence of an answer, the problem restated
 * ("We need T from [..], using each number once."), for random numbers and targets, with no EOS. They
 * are dense in copying, which a small model from scratch otherwise learns late (copying needs an
 * induction circuit, and in full answers it is a small part of the loss); mixing them in makes it
 * learn to read the problem early.
 */
export function countdownCopyExamples(count: number, seed: number, template: TrainTemplate): SftExample[] {
  const rng = new Rng(seed ^ 0x2545f491);
  return Array.from({ length: count }, () => {
    const numbers = Array.from({ length: 3 + rng.int(2) }, () => 1 + rng.int(99));
    const target = 1 + rng.int(100);
    const problem: CountdownProblem = {
      id: 'countdown/copy',
      task: 'countdown',
      prompt: '',
      reference: { target, numbers },
    };
    const restated = ` We need ${target} from [${numbers.join(', ')}], using each number once.`;
    return { prompt: promptFor(problem, template), completion: restated, endsWithEos: false };
  });
}

export function gsm8kSftExamples(problems: Gsm8kProblem[], template: TrainTemplate): SftExample[] {
  const textTemplate = template === 'chat' ? 'chat' : 'base';
  return problems.map((problem) => ({
    prompt: promptFor(problem, template),
    completion: gsm8kSftTarget(problem, textTemplate),
  }));
}

/** The generator's ranges, with its defaults (3 to 4 numbers in [1, 99], targets in [1, 100]). */
export function difficultyOf(d: CountdownDifficulty): Required<CountdownDifficulty> {
  return {
    minCount: d.minCount ?? 3,
    maxCount: d.maxCount ?? 4,
    minNumber: d.minNumber ?? 1,
    maxNumber: d.maxNumber ?? 99,
    minTarget: d.minTarget ?? 1,
    maxTarget: d.maxTarget ?? 100,
  };
}

function isCountdown(problem: TaskProblem): problem is CountdownProblem {
  return problem.task === 'countdown';
}

/** Same numbers (in any order) and target: the same instance for the model. */
function instanceKey(problem: CountdownProblem): string {
  const numbers = [...problem.reference.numbers].sort((a, b) => a - b);
  return `${numbers.join(',')}=${problem.reference.target}`;
}
