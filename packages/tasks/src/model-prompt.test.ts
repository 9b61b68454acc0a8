import { describe, expect, it } from 'vitest';
import { countdownPrompt } from './countdown/prompt.js';
import { compactCountdownPrompt, isTrainTemplate, promptFor } from './model-prompt.js';
import type { CountdownProblem, Gsm8kProblem } from './problem.js';

const countdown: CountdownProblem = {
  id: 'countdown/easy/0',
  task: 'countdown',
  prompt: 'a prompt of its own',
  reference: { target: 12, numbers: [3, 4, 1] },
};
const gsm8k: Gsm8kProblem = {
  id: 'gsm8k/test/0',
  task: 'gsm8k',
  prompt: 'Question: 2 + 2?\nAnswer:',
  question: '2 + 2?',
  reference: { answer: '4' },
};

describe('promptFor', () => {
  it('gives Countdown the compact prompt, its own base prompt, or the chat template', () => {
    expect(promptFor(countdown, 'compact')).toBe('We need 12 from [3, 4, 1].\n<think>');
    expect(promptFor(countdown, 'base')).toBe('a prompt of its own');
    expect(promptFor({ ...countdown, prompt: '' }, 'base')).toBe(countdownPrompt(countdown.reference));
    expect(promptFor(countdown, 'chat')).toBe(countdownPrompt(countdown.reference, 'chat'));
  });

  it("keeps GSM8K's own prompt under every template", () => {
    for (const template of ['base', 'chat', 'compact'] as const)
      expect(promptFor(gsm8k, template)).toBe(gsm8k.prompt);
  });

  it('names the templates a model may be trained with', () => {
    expect(['base', 'chat', 'compact', 'other', 1].map(isTrainTemplate)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(compactCountdownPrompt({ target: 5, numbers: [5] })).toBe('We need 5 from [5].\n<think>');
  });
});
