// OpenAI's grade-school-math `is_correct` (and TinyZero's GSM8K reward, which gives the same verdicts):
// the FIRST `#### ` followed by `-?[0-9.,]+`, commas removed, string-equal to the gold treated the same
// way. Nothing else is normalised, so `18.`, `18.00`, `0018` and `$18` all fail.
import { type Verdict, verdict } from '../verdict.js';
import { firstHashNumber } from './hash-pattern.js';

/** The answer string the reference compares, or null for its `[invalid]`. */
export function extractOpenAiAnswer(completion: string): string | null {
  const number = firstHashNumber(completion);
  return number === null ? null : number.replaceAll(',', '');
}

export function verifyOpenAi(completion: string, gold: string): Verdict {
  const extracted = extractOpenAiAnswer(completion);
  if (extracted === null) return verdict(false, 0, false, null, 'no_answer');
  const correct = extracted === gold;
  return verdict(correct, correct ? 1 : 0, true, extracted, correct ? 'correct' : 'wrong_answer');
}
