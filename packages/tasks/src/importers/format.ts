import { isLmEvalSample } from './lm-eval.js';

export const INPUT_FORMATS = ['auto', 'crossover', 'lm-eval'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** Guesses a file's format from its first record. */
export function detectFormat(first: unknown): Exclude<InputFormat, 'auto'> {
  return isLmEvalSample(first) ? 'lm-eval' : 'crossover';
}
