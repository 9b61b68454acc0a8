// Crossover's own GSM8K modes: find the answer where the mode says, read it as an exact decimal, compare
// canonical strings with the gold. `auto` tries `####`, then `\boxed{}`, then "the answer is", then the
// last number; only the last of these counts as a format failure.
import { type Verdict, verdict } from '../verdict.js';
import { findAnswerIsAnswer, findBoxedAnswer, findHashAnswer, findLastNumber } from './answer-span.js';
import type { NumberScan } from './decimal.js';

export type CrossoverMode = 'strict' | 'flexible' | 'boxed' | 'auto';

/** The answer a mode finds and whether it was found in the mode's own format. */
export function findCrossoverAnswer(
  completion: string,
  mode: CrossoverMode,
): { scan: NumberScan | null; formatOk: boolean } {
  switch (mode) {
    case 'strict':
      return found(findHashAnswer(completion), true);
    case 'boxed':
      return found(findBoxedAnswer(completion), true);
    case 'flexible':
      return found(findLastNumber(completion), true);
    case 'auto': {
      const formatted =
        findHashAnswer(completion) ?? findBoxedAnswer(completion) ?? findAnswerIsAnswer(completion);
      return formatted !== null ? found(formatted, true) : found(findLastNumber(completion), false);
    }
  }
}

/** The format was followed when the mode's marker holds an answer, even one that is not a valid number. */
function found(scan: NumberScan | null, inFormat: boolean): { scan: NumberScan | null; formatOk: boolean } {
  return { scan, formatOk: inFormat && scan !== null };
}

export function verifyCrossover(completion: string, gold: string, mode: CrossoverMode): Verdict {
  const { scan, formatOk } = findCrossoverAnswer(completion, mode);
  if (scan === null) return verdict(false, 0, false, null, 'no_answer');
  if (scan.kind === 'malformed') return verdict(false, 0, formatOk, null, 'malformed');
  if (scan.kind === 'too_long') return verdict(false, 0, formatOk, null, 'too_long');
  const correct = scan.value === gold;
  return verdict(correct, correct ? 1 : 0, formatOk, scan.value, correct ? 'correct' : 'wrong_answer');
}
