// Countdown verifiers: Crossover's exact mode (default) and reproductions of TinyZero's and mini-R1's
// rewards. Also exports the exact rational arithmetic and expression parser that the Countdown solver
// in packages/tasks reuses.
import type { Verdict } from '../verdict.js';
import { verifyExact } from './exact-mode.js';
import { verifyMinir1, verifyMinir1Format, verifyTinyzero } from './reference-modes.js';

export type { ExpressionFailure, ParsedCountdownExpression } from './exact-expression.js';
export { parseCountdownExpression } from './exact-expression.js';
export { Rational } from './rational.js';

/**
 * - `exact`: Crossover's rule: last `<answer>`, integers and `+ - * /` only, every number once, exact
 *   rational value equal to the target (score 1/0).
 * - `tinyzero`: TinyZero's `countdown.compute_score` (score 1 / 0.1 format score / 0).
 * - `minir1`: philschmid mini-R1 `equation_reward_func` (1/0).
 * - `minir1-format`: philschmid mini-R1 `format_reward_func` (1/0).
 */
export const COUNTDOWN_MODES = ['exact', 'tinyzero', 'minir1', 'minir1-format'] as const;
export type CountdownMode = (typeof COUNTDOWN_MODES)[number];
export const DEFAULT_COUNTDOWN_MODE: CountdownMode = 'exact';

export interface CountdownReference {
  target: number;
  numbers: number[];
}

export interface CountdownOptions {
  mode?: CountdownMode;
  /**
   * The prompt the completion answered. Only `tinyzero` reads it (TinyZero scores prompt + completion);
   * when it is undefined TinyZero's base prompt (ending in `Assistant: ...<think>`) is assumed, and `''`
   * means no prompt at all.
   */
  prompt?: string;
}

/** Verifies one completion; returns a Verdict for every input string and never throws for its content. */
export function verifyCountdown(
  completion: string,
  reference: CountdownReference,
  options: CountdownOptions = {},
): Verdict {
  switch (options.mode ?? DEFAULT_COUNTDOWN_MODE) {
    case 'tinyzero':
      return verifyTinyzero(completion, reference, options.prompt);
    case 'minir1':
      return verifyMinir1(completion, reference);
    case 'minir1-format':
      return verifyMinir1Format(completion);
    default:
      return verifyExact(completion, reference);
  }
}
