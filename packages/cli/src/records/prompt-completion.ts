import { checkGenerationRecord, type GenerationRecord } from '@crossover/tasks';
import type { ProblemMatcher } from './problem-matcher.js';

/**
 * Reads plain `{ "prompt": ..., "completion": ... }` lines (a TRL or vLLM dump): the problem is the taskset
 * problem whose prompt or question the line's prompt holds. The optional fields of a Crossover record
 * (num_tokens, sample_index, truncated) are kept; the prompt is kept too, since it is what the model saw.
 */
export function importPromptCompletion(value: unknown, matcher: ProblemMatcher): GenerationRecord | string {
  const checked = checkGenerationRecord(value);
  if (typeof checked === 'string') return checked;
  if (typeof checked.prompt !== 'string') return 'field "prompt" must be a string';
  const id = matcher.find(checked.prompt);
  if (id === null) return `the prompt matches no problem of the taskset: ${preview(checked.prompt)}`;
  const record: GenerationRecord = { problem_id: id, completion: checked.completion, prompt: checked.prompt };
  if (checked.num_tokens !== undefined) record.num_tokens = checked.num_tokens;
  if (checked.sample_index !== undefined) record.sample_index = checked.sample_index;
  if (checked.truncated !== undefined) record.truncated = checked.truncated;
  return record;
}

/** The start of a long text, for an error message. */
export function preview(text: string, length = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(flat.length > length ? `${flat.slice(0, length)}...` : flat);
}
