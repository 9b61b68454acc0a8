import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { TOKENIZER, tempDir } from './test-fixtures.js';
import { loadTokenCounter } from './tokenizer.js';

const text = 'Janet’s ducks lay 16 eggs per day.\n#### 18';

describe('loadTokenCounter', () => {
  it("counts the completion's tokens as the tokenizer encodes them, without the special tokens it adds", async () => {
    const count = await loadTokenCounter(TOKENIZER);
    const tokenizer = new Tokenizer(JSON.parse(readFileSync(TOKENIZER, 'utf8')), {});
    const plain = tokenizer.encode(text, { add_special_tokens: false });
    expect(count(text)).toBe(plain.ids.length);
    // The fixture's post-processor appends <|endoftext|>: counted only when special tokens are added.
    expect(tokenizer.encode(text).ids.length).toBe(plain.ids.length + 1);
    expect(tokenizer.decode(plain.ids)).toBe(text);
    expect(count('')).toBe(0);
  });

  it('refuses a missing file, a file that is not JSON, and JSON that is no tokenizer', async () => {
    const dir = tempDir();
    await expect(loadTokenCounter(join(dir, 'none.json'))).rejects.toThrow(/cannot read the file/);
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    await expect(loadTokenCounter(join(dir, 'bad.json'))).rejects.toThrow(/not a JSON object/);
    writeFileSync(join(dir, 'other.json'), '{"name": "not a tokenizer"}');
    await expect(loadTokenCounter(join(dir, 'other.json'))).rejects.toThrow(
      /not a tokenizer this library can load/,
    );
  });
});
