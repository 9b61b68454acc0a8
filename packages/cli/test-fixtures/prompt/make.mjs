// Writes generations.jsonl: plain { "prompt", "completion" } lines, TRL's standard prompt-completion layout
// as a GRPO/SFT evaluation step or a vLLM script dumps it, one line per sample. The prompt is the text the
// model was given: the GSM8K question inside Qwen2.5's chat template, so the problem is found by the
// question it holds, not by a Crossover id.
// Run: node packages/cli/test-fixtures/prompt/make.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPLETIONS, DOCS } from '../generations.mjs';

const chat = (question) =>
  `<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\n${question}<|im_end|>\n<|im_start|>assistant\n`;

const lines = DOCS.flatMap((doc, i) =>
  COMPLETIONS[i].map((completion) => JSON.stringify({ prompt: chat(doc.question), completion })),
);
const out = join(dirname(fileURLToPath(import.meta.url)), 'generations.jsonl');
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`${out}: ${lines.length} lines`);
