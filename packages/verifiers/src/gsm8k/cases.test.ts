// The shared case file: verdicts obtained by running each reference's own code on each generation.
import { describe, expect, it } from 'vitest';
import { hasSharedData, verifierCases } from '../test-support.js';
import { type Gsm8kMode, goldAnswerText, verifyGsm8k } from './index.js';

const MODE_BY_KEY: Record<string, Gsm8kMode> = {
  openai_grade_school_math: 'openai',
  tinyzero_gsm8k: 'tinyzero',
  lm_eval_gsm8k_strict: 'lm-eval-strict',
  lm_eval_gsm8k_flexible: 'lm-eval-flexible',
  lm_eval_gsm8k_cot_strict: 'lm-eval-cot-strict',
  lm_eval_gsm8k_cot_flexible: 'lm-eval-cot-flexible',
  verl_gsm8k_strict: 'verl-strict',
  verl_gsm8k_flexible: 'verl-flexible',
  kalwar_verl2llm_gsm8k_boxed: 'verl2llm-boxed',
};

/** The case file writes "nothing extracted" as `[invalid]` (lm-eval, OpenAI) or null (the others). */
function expectedExtracted(value: unknown): string | null {
  return value === '[invalid]' || value === null || value === undefined ? null : String(value);
}

const cases = verifierCases().filter((c) => c.task === 'gsm8k');

describe.skipIf(!hasSharedData())('gsm8k reference cases', () => {
  it('has gsm8k cases for every mapped reference', () => {
    expect(cases.length).toBeGreaterThan(50);
    for (const key of Object.keys(MODE_BY_KEY)) expect(cases.every((c) => key in c.expected)).toBe(true);
  });

  for (const testCase of cases) {
    const gold = goldAnswerText(testCase.gold as string);
    for (const [key, expected] of Object.entries(testCase.expected)) {
      const mode = MODE_BY_KEY[key];
      if (mode === undefined) continue;
      it(`${testCase.id} [${mode}]`, () => {
        const started = performance.now();
        const result = verifyGsm8k(testCase.generation, { answer: gold }, { mode });
        if (expected === 'timeout') {
          expect(result.correct).toBe(false);
          expect(performance.now() - started).toBeLessThan(2000);
          return;
        }
        expect(result.score).toBe(expected);
        expect(result.correct).toBe(expected === 1);
        const extracted = testCase.extracted?.[key];
        if (extracted !== undefined) expect(result.extracted).toBe(expectedExtracted(extracted));
      });
    }
  }
});
