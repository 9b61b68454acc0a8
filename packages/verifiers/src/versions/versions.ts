import type { CountdownMode } from '../countdown/index.js';
import type { Gsm8kMode } from '../gsm8k/index.js';

/**
 * The version of each mode's verdicts: bumped whenever a mode can judge some completion differently, so a
 * stored score says which verdicts made it and an admin can re-score what an older version judged. The lock
 * (versions.lock.json, checked by versions.test.ts against corpus.jsonl) fails the tests when a mode's
 * verdicts change and its version does not.
 */
export const GSM8K_VERIFIER_VERSIONS: { readonly [mode in Gsm8kMode]: number } = {
  auto: 1,
  strict: 1,
  flexible: 1,
  boxed: 1,
  openai: 1,
  tinyzero: 1,
  'lm-eval-strict': 1,
  'lm-eval-flexible': 1,
  'lm-eval-cot-strict': 1,
  'lm-eval-cot-flexible': 1,
  'verl-strict': 1,
  'verl-flexible': 1,
  'verl2llm-boxed': 1,
};

export const COUNTDOWN_VERIFIER_VERSIONS: { readonly [mode in CountdownMode]: number } = {
  exact: 1,
  tinyzero: 1,
  minir1: 1,
  'minir1-format': 1,
};
