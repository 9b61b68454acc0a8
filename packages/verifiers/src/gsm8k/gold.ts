// The gold answer in the forms each verifier compares against. The reference holds the dataset's text
// after `####` (commas kept, e.g. `1,450,000`); a whole dataset answer is accepted too. A scoring run
// verifies many completions per gold, so each form is computed once and remembered (in bounded caches).

import { pythonStrip } from '../python-whitespace.js';
import { canonicalDecimal } from './decimal.js';
import { firstHashNumber } from './hash-pattern.js';

const MAX_CACHED_GOLDS = 4096;
const MAX_CACHED_GOLD_LENGTH = 64;

/** A gold form computed once per distinct (short) gold text; the cache is cleared when full. */
export function cachedGoldForm<T>(compute: (answer: string) => T): (answer: string) => T {
  const cache = new Map<string, T>();
  return (answer) => {
    if (answer.length > MAX_CACHED_GOLD_LENGTH) return compute(answer);
    const cached = cache.get(answer);
    if (cached !== undefined) return cached;
    const value = compute(answer);
    if (cache.size >= MAX_CACHED_GOLDS) cache.clear();
    cache.set(answer, value);
    return value;
  };
}

/** The text after the last `####` if there is one, else the whole text, stripped. */
export function goldAnswerText(answer: string): string {
  const marker = answer.lastIndexOf('####');
  return pythonStrip(marker < 0 ? answer : answer.slice(marker + 4));
}

/**
 * The gold as the `#### `-regex references prepare it from the dataset (OpenAI's extract_answer, the
 * TinyZero and verl preprocessing): the number after `#### `, commas removed; null when there is none.
 */
export const hashGold = cachedGoldForm((answer: string): string | null => {
  const number = firstHashNumber(`#### ${goldAnswerText(answer)}`);
  return number === null ? null : number.replaceAll(',', '');
});

/** Crossover's gold: the canonical decimal of the gold text, or null when it is not a number. */
export const canonicalGold = cachedGoldForm((answer: string) => canonicalDecimal(goldAnswerText(answer)));
