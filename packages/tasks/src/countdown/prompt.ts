// Countdown prompts in TinyZero's two formats (examples/data_preprocess/countdown.py): `base` for base
// models and `chat` for Qwen instruct models, both ending inside the assistant's `<think>`.
import type { ChatMessage, CountdownReference, PromptTemplate } from '../problem.js';

const SYSTEM =
  'You are a helpful assistant. You first thinks about the reasoning process in the mind and then provides the user with the answer.';

// Python's str() of a list of ints, as TinyZero's f-string prints it: [3, 7, 8, 1].
function pythonList(numbers: readonly number[]): string {
  return `[${numbers.join(', ')}]`;
}

function question({ target, numbers }: CountdownReference): string {
  return (
    `Using the numbers ${pythonList(numbers)}, create an equation that equals ${target}. ` +
    'You can use basic arithmetic operations (+, -, *, /) and each number can only be used once. ' +
    'Show your work in <think> </think> tags. And return the final answer in <answer> </answer> tags, ' +
    'for example <answer> (1 + 2) / 3 </answer>.'
  );
}

/** What the assistant's turn starts with in both templates; completions continue after it. */
export const COUNTDOWN_ASSISTANT_PREFIX = 'Let me solve this step by step.\n<think>';

export function countdownPrompt(reference: CountdownReference, template: PromptTemplate = 'base'): string {
  if (template === 'chat') {
    return (
      `<|im_start|>system\n${SYSTEM}<|im_end|>\n<|im_start|>user\n ${question(reference)}<|im_end|>\n` +
      `<|im_start|>assistant\n${COUNTDOWN_ASSISTANT_PREFIX}`
    );
  }
  return (
    'A conversation between User and Assistant. The user asks a question, and the Assistant solves it. ' +
    'The assistant first thinks about the reasoning process in the mind and then provides the user with the answer.\n' +
    `User: ${question(reference)}\nAssistant: ${COUNTDOWN_ASSISTANT_PREFIX}`
  );
}

/** The chat prompt as a messages array, for APIs that apply their own chat template. */
export function countdownMessages(reference: CountdownReference): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: question(reference) },
  ];
}
