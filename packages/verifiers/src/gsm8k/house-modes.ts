// Crossover's own GSM8K modes: find the answer where the mode says, read it as an exact decimal, compare
// canonical strings with the gold. `auto` tries `####`, then `\boxed{}`, then "the answer is", then the
// last number; only the last of these counts as a format failure.
import { type Verdict, verdict } from '../verdict.js';
import { findAnswerIsAnswer, findBoxedAnswer, findHashAnswer, findLastNumber } from './answer-span.js';
import type { NumberScan } from './decimal.js';
import { beforeRunOn, DEFAULT_RUN_ON_MARKERS } from './run-on.js';

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

/** What a mode finds in a text, for choosing where a run-on completion is cut. */
function answerKind(text: string, mode: CrossoverMode): 'formatted' | 'unformatted' | 'none' {
  const { scan, formatOk } = findCrossoverAnswer(text, mode);
  if (scan === null) return 'none';
  return formatOk ? 'formatted' : 'unformatted';
}

/**
 * Judges the answer given before the completion ran on into a new question or turn (see run-on.ts);
 * `runOnMarkers` replaces the default markers, and an empty list judges the whole completion.
 */
export function verifyCrossover(
  completion: string,
  gold: string,
  mode: CrossoverMode,
  runOnMarkers: readonly string[] = DEFAULT_RUN_ON_MARKERS,
): Verdict {
  const { text, ranOn } = beforeRunOn(completion, runOnMarkers, (t) => answerKind(t, mode));
  const judged = judgeAnswer(text, gold, mode);
  return ranOn ? { ...judged, run_on: true } : judged;
}

function judgeAnswer(text: string, gold: string, mode: CrossoverMode): Verdict {
  const { scan, formatOk } = findCrossoverAnswer(text, mode);
  if (scan === null) return verdict(false, 0, false, null, 'no_answer');
  if (scan.kind === 'malformed') return verdict(false, 0, formatOk, null, 'malformed');
  if (scan.kind === 'too_long') return verdict(false, 0, formatOk, null, 'too_long');
  const correct = scan.value === gold;
  return verdict(correct, correct ? 1 : 0, formatOk, scan.value, correct ? 'correct' : 'wrong_answer');
}
