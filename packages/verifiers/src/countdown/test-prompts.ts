// Test-only: TinyZero's Countdown prompt templates (examples/data_preprocess/countdown.py, make_prefix),
// used to rebuild the prompt that TinyZero scored in front of each case-file generation.

export type PromptTemplate = 'base' | 'qwen-instruct' | 'none';

function request(target: number, numbers: readonly number[]): string {
  return (
    `Using the numbers [${numbers.join(', ')}], create an equation that equals ${target}. ` +
    'You can use basic arithmetic operations (+, -, *, /) and each number can only be used once. ' +
    'Show your work in <think> </think> tags. And return the final answer in <answer> </answer> tags, ' +
    'for example <answer> (1 + 2) / 3 </answer>.'
  );
}

export function countdownPrompt(
  template: PromptTemplate,
  target: number,
  numbers: readonly number[],
): string {
  if (template === 'none') return '';
  if (template === 'base') {
    return (
      'A conversation between User and Assistant. The user asks a question, and the Assistant solves it. ' +
      'The assistant first thinks about the reasoning process in the mind and then provides the user with the answer.\n' +
      `User: ${request(target, numbers)}\n` +
      'Assistant: Let me solve this step by step.\n<think>'
    );
  }
  return (
    '<|im_start|>system\nYou are a helpful assistant. You first thinks about the reasoning process in the mind ' +
    'and then provides the user with the answer.<|im_end|>\n' +
    `<|im_start|>user\n ${request(target, numbers)}<|im_end|>\n` +
    '<|im_start|>assistant\nLet me solve this step by step.\n<think>'
  );
}
