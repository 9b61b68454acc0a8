// Seeded generator of solvable Countdown instances.
import type { CountdownProblem, CountdownReference, PromptTemplate } from '../problem.js';
import { countdownPrompt } from './prompt.js';
import { seededRandom } from './random.js';
import { countSolutions, isSolvable, MAX_COUNTDOWN_NUMBERS } from './solver.js';

export interface CountdownGeneratorOptions {
  /** Seed of the random stream (an integer in [0, 2^32)). */
  seed: number;
  /** How many instances to emit. */
  count: number;
  /** Fewest and most numbers an instance has; each instance draws its count uniformly. Default 3 and 4. */
  minCount?: number;
  maxCount?: number;
  /** Range of each number, inclusive, drawn with replacement. Default 1 to 99. */
  minNumber?: number;
  maxNumber?: number;
  /** Range of the target, inclusive. Default 1 to 100. */
  minTarget?: number;
  maxTarget?: number;
  /** Give up after this many unsolvable draws in a row, so that an impossible range fails loudly. */
  maxAttempts?: number;
}

export interface GeneratedCountdown extends CountdownReference {
  /** Index in the generated stream, 0-based. */
  index: number;
  /** Number of distinct solutions, when asked for. */
  solutions?: number;
}

export const COUNTDOWN_DEFAULTS = {
  minCount: 3,
  maxCount: 4,
  minNumber: 1,
  maxNumber: 99,
  minTarget: 1,
  maxTarget: 100,
  maxAttempts: 10_000,
} as const;

function checkRange(name: string, min: number, max: number, lowest: number, highest: number): void {
  if (
    !Number.isSafeInteger(min) ||
    !Number.isSafeInteger(max) ||
    min > max ||
    min < lowest ||
    max > highest
  ) {
    throw new RangeError(`${name} range [${min}, ${max}] must be integers within [${lowest}, ${highest}]`);
  }
}

/**
 * Emits `count` solvable instances. For each one it draws the count of numbers, then draws the numbers and
 * the target (in that order) until the solver finds a solution; so counts stay uniform over their range
 * and the stream depends only on the seed and the options.
 */
export function* generateCountdown(
  options: CountdownGeneratorOptions,
  { withSolutionCounts = false }: { withSolutionCounts?: boolean } = {},
): Generator<GeneratedCountdown> {
  const o = { ...COUNTDOWN_DEFAULTS, ...options };
  checkRange('count of numbers', o.minCount, o.maxCount, 1, MAX_COUNTDOWN_NUMBERS);
  checkRange('number', o.minNumber, o.maxNumber, 0, Number.MAX_SAFE_INTEGER);
  checkRange('target', o.minTarget, o.maxTarget, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const random = seededRandom(o.seed);
  for (let index = 0; index < o.count; index++) {
    const size = random.integer(o.minCount, o.maxCount);
    for (let attempt = 1; ; attempt++) {
      if (attempt > o.maxAttempts) {
        throw new Error(
          `no solvable ${size}-number countdown instance in ${o.maxAttempts} draws; widen the ranges`,
        );
      }
      const numbers = Array.from({ length: size }, () => random.integer(o.minNumber, o.maxNumber));
      const target = random.integer(o.minTarget, o.maxTarget);
      if (!isSolvable(numbers, target)) continue;
      const instance: GeneratedCountdown = { index, target, numbers };
      if (withSolutionCounts) instance.solutions = countSolutions(numbers, target);
      yield instance;
      break;
    }
  }
}

export interface CountdownProblemOptions {
  /** Ids are `<idPrefix>/<index>`. Default `countdown/v1`. */
  idPrefix?: string;
  template?: PromptTemplate;
  /** Also count every instance's distinct solutions (slower with 5 or 6 numbers). */
  withSolutionCounts?: boolean;
}

/** Generated instances as Problems with ids and prompts. */
export function generateCountdownProblems(
  options: CountdownGeneratorOptions & CountdownProblemOptions,
): CountdownProblem[] {
  const { idPrefix = 'countdown/v1', template = 'base', withSolutionCounts = false } = options;
  return Array.from(
    generateCountdown(options, { withSolutionCounts }),
    ({ index, target, numbers, solutions }) => {
      const reference = { target, numbers };
      const problem: CountdownProblem = {
        id: `${idPrefix}/${index}`,
        task: 'countdown',
        prompt: countdownPrompt(reference, template),
        reference,
      };
      if (solutions !== undefined) problem.solutions = solutions;
      return problem;
    },
  );
}
