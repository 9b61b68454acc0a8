import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../problem.js';
import {
  canonicalJson,
  canonicalProblemList,
  compareCodePoints,
  sha256Hex,
  tasksetDigest,
  tasksetFromProblems,
} from './digest.js';

const problems: Problem[] = [
  { id: 'countdown/x/10', task: 'countdown', prompt: 'p10', reference: { numbers: [3, 7], target: 21 } },
  { id: 'countdown/x/2', task: 'countdown', prompt: 'p2', reference: { target: 4, numbers: [2, 2] } },
];

describe('canonical problem list', () => {
  it('sorts ids as strings, sorts keys, and leaves out everything but id and reference', () => {
    expect(canonicalProblemList(problems)).toBe(
      '{"id":"countdown/x/10","reference":{"numbers":[3,7],"target":21}}\n' +
        '{"id":"countdown/x/2","reference":{"numbers":[2,2],"target":4}}\n',
    );
  });

  it('gives a digest that is the SHA-256 of that text, whatever the input order and prompts', async () => {
    const expected = createHash('sha256').update(canonicalProblemList(problems), 'utf8').digest('hex');
    expect(await tasksetDigest(problems)).toBe(expected);
    const reordered = [problems[1]!, { ...problems[0]!, prompt: 'another prompt' }];
    expect(await tasksetDigest(reordered)).toBe(expected);
  });

  it('changes with any reference or id', async () => {
    const base = await tasksetDigest(problems);
    expect(
      await tasksetDigest([problems[0]!, { ...problems[1]!, reference: { target: 5, numbers: [2, 2] } }]),
    ).not.toBe(base);
    expect(await tasksetDigest([problems[0]!, { ...problems[1]!, id: 'countdown/x/3' }])).not.toBe(base);
  });

  it('refuses duplicate ids', () => {
    expect(() => canonicalProblemList([problems[0]!, problems[0]!])).toThrow(
      'duplicate problem id "countdown/x/10"',
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined fields', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 'é' }], a: null, u: undefined })).toBe(
      '{"a":null,"b":[{"c":"é","d":1}]}',
    );
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson(() => 1)).toThrow(TypeError);
  });

  it('orders by code point, as UTF-8 bytes do', () => {
    // U+FF5E is a single UTF-16 unit above the surrogates; U+1F600 is a surrogate pair, yet the larger code point.
    const keys = ['\u{1F600}', '\uFF5E', 'a'];
    expect([...keys].sort(compareCodePoints)).toEqual(['a', '\uFF5E', '\u{1F600}']);
    const byBytes = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...keys].sort(compareCodePoints)).toEqual(byBytes);
  });
});

describe('sha256Hex and tasksetFromProblems', () => {
  it('hashes UTF-8 text and bytes', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256Hex(new Uint8Array([0x61, 0x62, 0x63]))).toBe(await sha256Hex('abc'));
  });

  it('labels a problem list', async () => {
    expect(await tasksetFromProblems(problems, { split: 'x', version: 'v0' })).toEqual({
      task: 'countdown',
      split: 'x',
      version: 'v0',
      size: 2,
      digest: await tasksetDigest(problems),
    });
  });

  it('refuses empty and mixed lists', async () => {
    await expect(tasksetFromProblems([], { split: 'x', version: 'v0' })).rejects.toThrow(
      'at least one problem',
    );
    const mixed: Problem[] = [
      ...problems,
      { id: 'gsm8k/x/0', task: 'gsm8k', prompt: '', reference: { answer: '1' } },
    ];
    await expect(tasksetFromProblems(mixed, { split: 'x', version: 'v0' })).rejects.toThrow(
      'a taskset holds one task: gsm8k/x/0 is gsm8k, not countdown',
    );
  });
});
