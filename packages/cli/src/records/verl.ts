import type { GenerationRecord } from '@crossover/tasks';
import type { ProblemMatcher } from './problem-matcher.js';
import { preview } from './prompt-completion.js';

/**
 * verl's `main_generation` (verl/trainer/main_generation.py) reads a dataset parquet (the prompt column holds
 * chat messages, `[{ role, content }]`), samples `data.n_samples` responses per row, and writes the same rows
 * back with a `responses` column: a list of strings, one per sample. The ground truth stays where the
 * dataset put it, `reward_model.ground_truth` (examples/data_preprocess/gsm8k.py: the number after `####`;
 * TinyZero's Countdown: `{ target, numbers }`).
 */
export const VERL_COLUMNS = ['prompt', 'responses', 'reward_model'] as const;

/** The columns verl's file must have; the others are read when present. */
export const VERL_REQUIRED = ['prompt', 'responses'] as const;

/** One verl row as records: one per response, sample_index in list order, or a message naming the column. */
export function importVerlRow(
  row: Record<string, unknown>,
  matcher: ProblemMatcher,
): GenerationRecord[] | string {
  const prompt = promptText(row.prompt);
  if (prompt === null) return 'column "prompt" must be a string or a list of { role, content } messages';
  const responses = row.responses;
  if (!Array.isArray(responses) || !responses.every((r) => typeof r === 'string'))
    return 'column "responses" must be a list of strings';
  if (responses.length === 0) return 'column "responses" holds no response';
  const reference = verlReference(row);
  const id = matcher.find(prompt, reference);
  if (id === null && reference === undefined)
    return `the prompt matches no problem of the taskset and the row has no reward_model.ground_truth: ${preview(prompt)}`;
  return responses.map((completion: string, sampleIndex) => {
    const record: GenerationRecord = { completion, sample_index: sampleIndex, prompt };
    if (id !== null) record.problem_id = id;
    else record.reference = reference;
    return record;
  });
}

/** The text the messages hold (contents joined by newlines), or the prompt itself when it is a string. */
export function promptText(prompt: unknown): string | null {
  if (typeof prompt === 'string') return prompt;
  if (!Array.isArray(prompt) || prompt.length === 0) return null;
  const contents: string[] = [];
  for (const message of prompt) {
    const content = (message as { content?: unknown } | null)?.content;
    if (typeof content !== 'string') return null;
    contents.push(content);
  }
  return contents.join('\n');
}

/** `reward_model.ground_truth` as a Crossover reference: a GSM8K answer string or a Countdown object. */
function verlReference(row: Record<string, unknown>): unknown {
  const truth = (row.reward_model as { ground_truth?: unknown } | null | undefined)?.ground_truth;
  if (typeof truth === 'string' || typeof truth === 'number') return { answer: String(truth) };
  if (typeof truth === 'object' && truth !== null) {
    const { target, numbers, nums } = truth as Record<string, unknown>;
    const list = numbers ?? nums;
    if (typeof target === 'number' && Array.isArray(list)) return { target, numbers: list };
  }
  return undefined;
}
