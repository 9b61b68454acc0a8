import { describe, expect, it } from 'vitest';
import { ByteTokenizer } from './bytes.js';
import { tokenizerFromSpec } from './spec.js';

describe('ByteTokenizer', () => {
  const tokenizer = new ByteTokenizer();

  it('encodes UTF-8 bytes and decodes them back, dropping special tokens', () => {
    expect(tokenizer.encode('a€')).toEqual([97, 226, 130, 172]);
    expect(tokenizer.decode([256, 97, 226, 130, 172, 257, 258])).toBe('a€');
  });

  it('decodes a cut multi-byte character to U+FFFD instead of throwing', () => {
    expect(tokenizer.decode([97, 226, 130])).toBe('a\uFFFD');
  });

  it('round-trips its spec', () => {
    expect(tokenizer.toJSON()).toEqual({
      kind: 'bytes',
      vocab_size: 259,
      bos_token_id: 256,
      eos_token_id: 257,
      pad_token_id: 258,
    });
    expect(tokenizerFromSpec(tokenizer.toJSON()).vocabSize).toBe(259);
  });
});
