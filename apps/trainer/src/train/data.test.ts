import { describe, expect, it } from 'vitest';
import { ByteTokenizer } from '../tokenizer/bytes.js';
import { encodeExample, SftBatches, toBatch } from './data.js';

const tokenizer = new ByteTokenizer();

describe('SFT batches', () => {
  it('trains on the completion and EOS only, with right padding', () => {
    const a = encodeExample(tokenizer, { prompt: 'ab', completion: 'c' }, 32);
    const b = encodeExample(tokenizer, { prompt: 'x', completion: 'yz' }, 32);
    expect(a).toEqual({ ids: [256, 97, 98, 99, 257], completionStart: 3 });
    const batch = toBatch([a!, b!], tokenizer.pad);
    expect(batch.length).toBe(4);
    expect(Array.from(batch.inputs)).toEqual([256, 97, 98, 99, 256, 120, 121, 122]);
    expect(Array.from(batch.targets)).toEqual([97, 98, 99, 257, 120, 121, 122, 257]);
    expect(Array.from(batch.lossMask)).toEqual([0, 0, 1, 1, 0, 1, 1, 1]);
    expect(batch.tokens).toBe(8);
  });

  it('drops examples longer than the context', () => {
    expect(encodeExample(tokenizer, { prompt: 'abc', completion: 'def' }, 7)).toBeNull();
    expect(encodeExample(tokenizer, { prompt: 'abc', completion: 'def' }, 8)).not.toBeNull();
  });

  it('visits every example once per epoch and continues identically from a saved cursor', () => {
    const examples = Array.from(
      { length: 5 },
      (_, i) => encodeExample(tokenizer, { prompt: String(i), completion: '' }, 8)!,
    );
    const first = (batch: { inputs: Int32Array; length: number }) => batch.inputs[1];
    const stream = new SftBatches(examples, tokenizer.pad, 7);
    const epoch = Array.from({ length: 5 }, () => first(stream.next(1)));
    expect([...epoch].sort()).toEqual([48, 49, 50, 51, 52]);
    stream.next(2);
    const saved = stream.state;
    const expected = Array.from({ length: 6 }, () => first(stream.next(1)));
    const resumed = new SftBatches(examples, tokenizer.pad, 7, saved);
    expect(Array.from({ length: 6 }, () => first(resumed.next(1)))).toEqual(expected);
  });
});
