// GSM8K prompts: `base` is the plain "Question: ...\nAnswer:" format of lm-evaluation-harness's zero-shot
// gsm8k task; `chat` is a Qwen-style chat prompt that asks for the final answer after `####`, which is
// the format the dataset's own solutions (and so the SFT targets) end in.
import type { ChatMessage, PromptTemplate } from '../problem.js';

const SYSTEM = 'You are a helpful assistant.';
const INSTRUCTION =
  'Solve the problem step by step. Write the final answer as a number after "####", for example "#### 42".';

export function gsm8kPrompt(question: string, template: PromptTemplate = 'base'): string {
  if (template === 'chat') {
    return `<|im_start|>system\n${SYSTEM}<|im_end|>\n<|im_start|>user\n${question}\n${INSTRUCTION}<|im_end|>\n<|im_start|>assistant\n`;
  }
  return `Question: ${question}\nAnswer:`;
}

/** The chat prompt as a messages array, for APIs that apply their own chat template. */
export function gsm8kMessages(question: string): ChatMessage[] {
  return [
    { role: 'system', content: SYSTEM },
    { role: 'user', content: `${question}\n${INSTRUCTION}` },
  ];
}
