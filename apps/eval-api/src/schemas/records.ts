import { z } from '@hono/zod-openapi';

/** References are small objects ({ answer } or { target, numbers }); deeper nesting is refused, not walked. */
export const MAX_REFERENCE_DEPTH = 4;
const MAX_REFERENCE_NODES = 4096;

/** Checks nesting depth and size without recursion, so a hostile 100k-deep value cannot overflow the stack. */
export function isShallowValue(value: unknown, maxDepth = MAX_REFERENCE_DEPTH): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }];
  let nodes = 0;
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (++nodes > MAX_REFERENCE_NODES) return false;
    if (typeof item.value !== 'object' || item.value === null) continue;
    if (item.depth > maxDepth) return false;
    const children = Array.isArray(item.value) ? item.value : Object.values(item.value);
    for (const child of children) stack.push({ value: child, depth: item.depth + 1 });
  }
  return true;
}

export const ReferenceSchema = z
  .record(z.string(), z.unknown())
  .refine(
    (value) => isShallowValue(value),
    `reference is nested deeper than ${MAX_REFERENCE_DEPTH} levels or too large`,
  )
  .openapi('Reference', {
    description: 'GSM8K `{ "answer": "18" }` or Countdown `{ "target": 24, "numbers": [3, 7, 8, 1] }`',
    example: { answer: '18' },
  });

/**
 * The longest completion and prompt, in characters (about 250k tokens): longer text is no generation, and
 * what a chunk or a request holds in memory is bounded by its record count times these.
 */
export const MAX_COMPLETION_CHARS = 1024 * 1024;
export const MAX_PROMPT_CHARS = 1024 * 1024;

const tooLong = (field: string, limit: number) => `${field} is longer than the limit of ${limit} characters`;

export const GenerationRecordSchema = z
  .object({
    problem_id: z.string().max(512).optional().openapi({ example: 'gsm8k/test/0' }),
    completion: z
      .string()
      .max(MAX_COMPLETION_CHARS, tooLong('completion', MAX_COMPLETION_CHARS))
      .openapi({ example: 'She sells 16 - 3 - 4 = 9 eggs... #### 18' }),
    reference: ReferenceSchema.optional(),
    prompt: z.string().max(MAX_PROMPT_CHARS, tooLong('prompt', MAX_PROMPT_CHARS)).optional(),
    num_tokens: z.number().int().nonnegative().optional(),
    sample_index: z.number().int().nonnegative().optional(),
    truncated: z.boolean().optional(),
  })
  .refine(
    (record) =>
      record.problem_id !== undefined || record.reference !== undefined || record.prompt !== undefined,
    {
      message:
        'a record needs a "problem_id" of the taskset, the "prompt" of one of its problems, or an inline "reference"',
      path: ['problem_id'],
    },
  )
  .openapi('GenerationRecord');

export type GenerationRecordInput = z.infer<typeof GenerationRecordSchema>;
