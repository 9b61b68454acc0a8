// Run-on completions: the answer given before a base model invents its next question is the one judged.
import { describe, expect, it } from 'vitest';
import { verify } from '../index.js';
import { GSM8K_MODES, type Gsm8kMode, verifyGsm8k } from './index.js';
import { runOnCuts } from './run-on.js';

const judge = (completion: string, mode: Gsm8kMode = 'auto', gold = '18') =>
  verifyGsm8k(completion, { answer: gold }, { mode });

const RAN_ON =
  'She sells 16 - 3 - 4 = 9 eggs, 9 * 2 = 18.\n#### 18\n\nQuestion: A robe takes 2 bolts. How many?\nAnswer: 2 + 1 = 3.\n#### 3';

describe('run-on completions in Crossover modes', () => {
  it('judges the answer before a new "Question:" in every house mode', () => {
    for (const mode of ['auto', 'strict', 'flexible'] as const) {
      const v = judge(RAN_ON, mode);
      expect([mode, v.correct, v.extracted, v.run_on]).toEqual([mode, true, '18', true]);
    }
    expect(judge('Answer: \\boxed{18}\nQ: next one? \\boxed{3}', 'boxed')).toMatchObject({
      correct: true,
      run_on: true,
    });
  });

  it('cuts at chat and end-of-text markers', () => {
    for (const marker of ['</s>', '<|im_end|>', '<|endoftext|>', 'Q:']) {
      const v = judge(`The answer is 18.${marker}\nuser: and 20 more? The answer is 20.`);
      expect([marker, v.extracted, v.run_on]).toEqual([marker, '18', true]);
    }
  });

  it('keeps an answer written after a question restated at the start', () => {
    const restated = 'Question: Janet has 16 eggs and eats 3...\nAnswer: 16 - 3 - 4 = 9; 9 * 2 = 18\n#### 18';
    const v = judge(restated, 'strict');
    expect([v.correct, v.extracted, v.run_on]).toEqual([true, '18', undefined]);
    // Leading whitespace before the restated question changes nothing.
    expect(judge(`\n  ${restated}`, 'strict').correct).toBe(true);
  });

  it('keeps an answer in format that only follows a question restated mid-solution', () => {
    const v = judge('Let me restate it.\nQuestion: how many eggs are sold?\n#### 18', 'strict');
    expect([v.correct, v.extracted, v.run_on]).toEqual([true, '18', undefined]);
  });

  it('prefers the first part that holds an answer in format', () => {
    // auto: the first part has only a bare number, the second "####"; the formatted one is judged.
    const v = judge('I think about 7 eggs.\nQuestion: So? #### 18', 'auto');
    expect(v.extracted).toBe('18');
  });

  it('judges the whole completion with an empty marker list', () => {
    const v = verify('gsm8k', RAN_ON, { answer: '18' }, { runOnMarkers: [] });
    expect([v.correct, v.extracted, v.run_on]).toEqual([false, '3', undefined]);
    const custom = verify(
      'gsm8k',
      'So #### 18\n### Problem 2: #### 3',
      { answer: '18' },
      { runOnMarkers: ['### Problem'] },
    );
    expect([custom.extracted, custom.run_on]).toEqual(['18', true]);
  });

  it('leaves the reproduction modes as their references judge', () => {
    for (const mode of GSM8K_MODES.filter((m) => !['auto', 'strict', 'flexible', 'boxed'].includes(m))) {
      expect(judge(RAN_ON, mode).run_on).toBeUndefined();
    }
    // lm-eval's own strict filter takes the first "#### " match, verl the last: unchanged by run-on rules.
    expect(judge(RAN_ON, 'verl-strict').extracted).toBe('3');
  });

  it('bounds the cuts it tries on a completion made of markers', () => {
    const hostile = 'Q:'.repeat(200_000);
    expect(runOnCuts(hostile, ['Q:']).length).toBeLessThanOrEqual(4);
    expect(judge(hostile).reason).toBe('no_answer');
  });
});
