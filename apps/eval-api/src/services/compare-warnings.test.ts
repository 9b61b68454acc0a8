import { describe, expect, it } from 'vitest';
import { comparisonWarnings } from './compare-warnings.js';
import type { RunRow } from './runs.js';

const sampling = { temperature: 1, top_p: 1, max_tokens: 256 };
const run = (fields: Partial<RunRow> = {}): RunRow =>
  ({
    mode: 'auto',
    taskset: 'gsm8k/test',
    taskset_digest: 'd1',
    samples_min: 16,
    samples_max: 16,
    sampling: JSON.stringify(sampling),
    ...fields,
  }) as RunRow;

describe('comparisonWarnings', () => {
  it('is empty for runs sampled and scored alike', () => {
    expect(comparisonWarnings(run(), run())).toEqual([]);
  });

  it('names a taskset once: by name when the names differ, by digest under one name', () => {
    expect(comparisonWarnings(run(), run({ taskset: 'gsm8k/mine', taskset_digest: 'd2' }))).toEqual([
      { field: 'taskset', a: 'gsm8k/test', b: 'gsm8k/mine' },
    ]);
    expect(comparisonWarnings(run(), run({ taskset_digest: 'd2' }))).toEqual([
      { field: 'taskset.digest', a: 'd1', b: 'd2' },
    ]);
  });

  it('gives a run with uneven samples per problem as a range, and top_p like the other settings', () => {
    const uneven = run({ samples_min: 8, sampling: JSON.stringify({ ...sampling, top_p: 0.9 }) });
    expect(comparisonWarnings(run(), uneven)).toEqual([
      { field: 'n', a: 16, b: '8–16' },
      { field: 'sampling.top_p', a: 1, b: 0.9 },
    ]);
  });

  it('names a prompt template by name, and by digest only under one name', () => {
    const templated = (name: string, digest?: string) =>
      run({ provenance: JSON.stringify({ prompt_template: { name, ...(digest ? { digest } : {}) } }) });
    expect(comparisonWarnings(templated('base', 'a'.repeat(64)), templated('chat', 'b'.repeat(64)))).toEqual([
      { field: 'prompt_template', a: 'base', b: 'chat' },
    ]);
    expect(comparisonWarnings(templated('base', 'a'.repeat(64)), templated('base', 'b'.repeat(64)))).toEqual([
      { field: 'prompt_template.digest', a: 'a'.repeat(64), b: 'b'.repeat(64) },
    ]);
    expect(comparisonWarnings(templated('base'), run())).toEqual([
      { field: 'prompt_template', a: 'base', b: null },
    ]);
  });
});
