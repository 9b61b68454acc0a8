import type { GenerationRecord } from '@crossover/tasks';
import type { ProblemMatcher } from './problem-matcher.js';
import { preview } from './prompt-completion.js';

/**
 * lighteval's `--save-details` files, `details/<model>/<date>/details_<task>|<shots>_<date>.parquet`, as
 * lighteval 0.13 writes them (src/lighteval/logging/evaluation_tracker.py): one row per document,
 * `asdict(Detail)` with its columns sorted, i.e. `doc` (the Doc: query, choices, gold_index, id, ...),
 * `metric` (the scores) and `model_response` (the ModelResponse: `text`, one string per sample, and
 * `output_tokens`, the generated token ids of each).
 */
export const LIGHTEVAL_COLUMNS = ['doc', 'model_response'] as const;

/** One details row as records: one per generated text, with num_tokens where the ids were kept. */
export function importLightevalRow(
  row: Record<string, unknown>,
  matcher: ProblemMatcher,
): GenerationRecord[] | string {
  const doc = row.doc as Record<string, unknown> | null | undefined;
  const response = row.model_response as Record<string, unknown> | null | undefined;
  if (typeof doc?.query !== 'string') return 'column "doc" must hold a "query" string';
  const texts = response?.text;
  if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string'))
    return 'column "model_response" must hold "text", a list of strings';
  if (texts.length === 0) return 'model_response.text holds no generation';
  const reference = goldReference(doc);
  const id = matcher.find(doc.query);
  if (id === null && reference === undefined)
    return `doc.query matches no problem of the taskset and doc has no gold choice: ${preview(doc.query)}`;
  const tokens = tokenCounts(response?.output_tokens, texts.length);
  return texts.map((completion: string, sampleIndex) => {
    const record: GenerationRecord = { completion, sample_index: sampleIndex, prompt: doc.query as string };
    if (id !== null) record.problem_id = id;
    else record.reference = reference;
    if (tokens?.[sampleIndex] !== undefined) record.num_tokens = tokens[sampleIndex];
    return record;
  });
}

/** `doc.choices[doc.gold_index]`, the GSM8K gold after its `####` (lighteval's gsm8k keeps the worked answer). */
function goldReference(doc: Record<string, unknown>): unknown {
  const choices = doc.choices;
  const index = Array.isArray(doc.gold_index) ? doc.gold_index[0] : doc.gold_index;
  if (!Array.isArray(choices) || typeof index !== 'number') return undefined;
  const gold = choices[index];
  if (typeof gold !== 'string' || gold.trim() === '') return undefined;
  const at = gold.lastIndexOf('####');
  return { answer: (at < 0 ? gold : gold.slice(at + 4)).trim() };
}

/** The length of each text's token ids, when lighteval kept one non-empty list per text; else none. */
function tokenCounts(outputTokens: unknown, texts: number): number[] | undefined {
  if (!Array.isArray(outputTokens) || outputTokens.length !== texts) return undefined;
  if (!outputTokens.every((ids) => Array.isArray(ids) && ids.length > 0)) return undefined;
  return outputTokens.map((ids) => (ids as unknown[]).length);
}
