import { describe, expect, it } from 'vitest';
import { countdownMessages, countdownPrompt } from './prompt.js';

const reference = { target: 24, numbers: [3, 7, 8, 1] };
const QUESTION =
  'Using the numbers [3, 7, 8, 1], create an equation that equals 24. You can use basic arithmetic operations (+, -, *, /) and each number can only be used once. Show your work in <think> </think> tags. And return the final answer in <answer> </answer> tags, for example <answer> (1 + 2) / 3 </answer>.';

describe('countdown prompts', () => {
  it('renders the TinyZero base template', () => {
    expect(countdownPrompt(reference)).toBe(
      'A conversation between User and Assistant. The user asks a question, and the Assistant solves it. The assistant first thinks about the reasoning process in the mind and then provides the user with the answer.\n' +
        `User: ${QUESTION}\nAssistant: Let me solve this step by step.\n<think>`,
    );
  });

  it('renders the TinyZero qwen-instruct template as the chat variant', () => {
    expect(countdownPrompt(reference, 'chat')).toBe(
      '<|im_start|>system\nYou are a helpful assistant. You first thinks about the reasoning process in the mind and then provides the user with the answer.<|im_end|>\n' +
        `<|im_start|>user\n ${QUESTION}<|im_end|>\n<|im_start|>assistant\nLet me solve this step by step.\n<think>`,
    );
  });

  it('offers the chat prompt as messages', () => {
    expect(countdownMessages(reference)).toEqual([
      {
        role: 'system',
        content:
          'You are a helpful assistant. You first thinks about the reasoning process in the mind and then provides the user with the answer.',
      },
      { role: 'user', content: QUESTION },
    ]);
  });
});
