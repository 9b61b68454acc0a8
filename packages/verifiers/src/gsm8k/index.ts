// GSM8K verifiers: Crossover's own exact numeric modes and one mode per reference verifier that
// reproduces that reference's verdicts. See /shared/VERIFIERS.md for the rules of each mode.
import { invalidReference, type Verdict } from '../verdict.js';
import { canonicalGold, hashGold } from './gold.js';
import { verifyCrossover } from './house-modes.js';
import { verifyLmEval } from './lm-eval.js';
import { verifyOpenAi } from './openai.js';
import { verifyVerlFlexible, verifyVerlStrict } from './verl.js';
import { verifyVerl2llmBoxed } from './verl2llm.js';

export { canonicalDecimal, type DecimalParts, parseDecimal } from './decimal.js';
export { goldAnswerText, hashGold } from './gold.js';
export { cutAtStopStrings, extractLmEval, lmEvalNormalize } from './lm-eval.js';
export { mathIsEquiv, mathStripString } from './math-normalize.js';
export { DEFAULT_RUN_ON_MARKERS } from './run-on.js';
export { lastBoxedOnlyString, removeBoxed } from './verl2llm.js';

export const GSM8K_MODES = [
  'auto',
  'strict',
  'flexible',
  'boxed',
  'openai',
  'tinyzero',
  'lm-eval-strict',
  'lm-eval-flexible',
  'lm-eval-cot-strict',
  'lm-eval-cot-flexible',
  'verl-strict',
  'verl-flexible',
  'verl2llm-boxed',
] as const;
export type Gsm8kMode = (typeof GSM8K_MODES)[number];
export const DEFAULT_GSM8K_MODE: Gsm8kMode = 'auto';

export interface Gsm8kReference {
  /** The gold answer: the text after `####` in the dataset's answer field, commas kept. */
  answer: string;
}

function notANumber(answer: string): Verdict {
  return invalidReference(`gsm8k gold ${JSON.stringify(answer.slice(0, 64))} is not a number`);
}

/** Verifies one completion against the gold answer. Never throws on any completion string. */
export function verifyGsm8k(
  completion: string,
  reference: Gsm8kReference,
  options: { mode?: Gsm8kMode; runOnMarkers?: readonly string[] } = {},
): Verdict {
  const mode = options.mode ?? DEFAULT_GSM8K_MODE;
  // Callers from plain JavaScript may pass other types; the verdict must still come back.
  const text = typeof completion === 'string' ? completion : String(completion ?? '');
  const answer = typeof reference?.answer === 'string' ? reference.answer : String(reference?.answer ?? '');
  switch (mode) {
    case 'auto':
    case 'strict':
    case 'flexible':
    case 'boxed': {
      const gold = canonicalGold(answer);
      return gold === null ? notANumber(answer) : verifyCrossover(text, gold, mode, options.runOnMarkers);
    }
    case 'lm-eval-strict':
      return verifyLmEval(text, answer, 'strict');
    case 'lm-eval-flexible':
      return verifyLmEval(text, answer, 'flexible');
    case 'lm-eval-cot-strict':
      return verifyLmEval(text, answer, 'cot-strict');
    case 'lm-eval-cot-flexible':
      return verifyLmEval(text, answer, 'cot-flexible');
  }
  // The references below read the gold with their own `#### ` regex; where it finds none, they crash.
  const gold = hashGold(answer);
  if (gold === null) return notANumber(answer);
  switch (mode) {
    case 'openai':
    case 'tinyzero':
      return verifyOpenAi(text, gold);
    case 'verl-strict':
      return verifyVerlStrict(text, gold);
    case 'verl-flexible':
      return verifyVerlFlexible(text, gold);
    case 'verl2llm-boxed':
      return verifyVerl2llmBoxed(text, gold);
  }
  // Only a caller that bypasses the types gets here; the options, not the completion, are wrong.
  throw new RangeError(`unknown gsm8k mode ${JSON.stringify(mode)}`);
}
