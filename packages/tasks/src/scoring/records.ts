/**
 * A generation record: one JSONL line per sample, as docs/architecture.md defines it. Records name a
 * `problem_id` of a taskset, or carry their own `reference`.
 */
export interface GenerationRecord {
  problem_id?: string;
  completion: string;
  reference?: unknown;
  prompt?: string;
  num_tokens?: number;
  sample_index?: number;
  truncated?: boolean;
}

/** A record that cannot be scored (unknown problem, no reference, wrong field type), with its position. */
export class ScoringError extends Error {
  override name = 'ScoringError';
  constructor(
    /** 0-based index of the record in the input. */
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

/** Returns the record, or a message naming the field that is wrong. */
export function checkGenerationRecord(value: unknown): GenerationRecord | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'a record must be a JSON object';
  const record = value as Record<string, unknown>;
  if (typeof record.completion !== 'string') return 'field "completion" must be a string';
  if (record.problem_id !== undefined && typeof record.problem_id !== 'string') {
    return 'field "problem_id" must be a string';
  }
  if (record.reference !== undefined && (typeof record.reference !== 'object' || record.reference === null)) {
    return 'field "reference" must be an object';
  }
  if (record.prompt !== undefined && typeof record.prompt !== 'string')
    return 'field "prompt" must be a string';
  if (record.num_tokens !== undefined && !isCount(record.num_tokens)) {
    return 'field "num_tokens" must be a non-negative integer';
  }
  if (record.sample_index !== undefined && !isCount(record.sample_index)) {
    return 'field "sample_index" must be a non-negative integer';
  }
  if (record.truncated !== undefined && typeof record.truncated !== 'boolean') {
    return 'field "truncated" must be a boolean';
  }
  if (record.problem_id === undefined && record.reference === undefined && record.prompt === undefined) {
    return 'a record needs a "problem_id" of the taskset, an inline "reference", or the "prompt" it answered';
  }
  return record as unknown as GenerationRecord;
}

function isCount(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** JSON with object keys sorted, so that equal references give equal grouping keys. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
