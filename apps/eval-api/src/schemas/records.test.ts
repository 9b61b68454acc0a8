import { describe, expect, it } from 'vitest';
import { GenerationRecordSchema, isShallowValue } from './records.js';

describe('isShallowValue', () => {
  it('accepts references as tasks define them and refuses deep or huge values without recursion', () => {
    expect(isShallowValue({ answer: '18' })).toBe(true);
    expect(isShallowValue({ target: 24, numbers: [3, 7, 8, 1] })).toBe(true);
    expect(isShallowValue({ a: { b: { c: [1] } } })).toBe(true);
    expect(isShallowValue({ a: { b: { c: [[1]] } } })).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(isShallowValue(deep)).toBe(false);
    expect(isShallowValue({ numbers: Array.from({ length: 10_000 }, (_, i) => i) })).toBe(false);
  });
});

describe('GenerationRecordSchema', () => {
  it('needs a problem_id or a reference', () => {
    const result = GenerationRecordSchema.safeParse({ completion: '#### 1' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([['problem_id']]);
  });
});
