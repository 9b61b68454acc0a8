// The shared case file: every Countdown case, for each reference key, must get the reference's score.
import { describe, expect, it } from 'vitest';
import { hasSharedData, type VerifierCase, verifierCases } from '../test-support.js';
import { type CountdownMode, type CountdownReference, verifyCountdown } from './index.js';
import { countdownPrompt } from './test-prompts.js';

const MODE_OF_KEY: Record<string, CountdownMode> = {
  tinyzero_countdown: 'tinyzero',
  philschmid_minir1_equation: 'minir1',
  philschmid_minir1_format: 'minir1-format',
};

const cases = verifierCases().filter(
  (c): c is VerifierCase & { gold: CountdownReference } => c.task === 'countdown',
);

describe.skipIf(!hasSharedData())('Countdown case file', () => {
  it('has Countdown cases for every reference key', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    for (const c of cases) expect(Object.keys(c.expected).sort()).toEqual(Object.keys(MODE_OF_KEY).sort());
  });

  for (const c of cases) {
    for (const [key, expected] of Object.entries(c.expected)) {
      const mode = MODE_OF_KEY[key] as CountdownMode;
      it(`${c.id} [${mode}]`, () => {
        const prompt = countdownPrompt(c.prompt_template ?? 'base', c.gold.target, c.gold.numbers);
        const started = performance.now();
        const result = verifyCountdown(c.generation, c.gold, { mode, prompt });
        const elapsed = performance.now() - started;
        if (expected === 'timeout') {
          expect(result.correct).toBe(false);
          expect(elapsed).toBeLessThan(1000);
        } else {
          expect(result.score).toBe(expected);
          expect(result.correct).toBe(expected === 1);
        }
        if (c.prompt_template === 'base' || c.prompt_template === undefined) {
          // Without a prompt, TinyZero's base prompt is assumed: same verdict.
          expect(verifyCountdown(c.generation, c.gold, { mode })).toEqual(result);
        }
      });
    }
  }
});
