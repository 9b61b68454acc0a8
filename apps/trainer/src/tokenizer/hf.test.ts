import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HfTokenizer, type HfTokenizerJson, type HfTokenizerSpec, loadHfTokenizer } from './hf.js';
import { chooseTokenizer, sameTokenizer, tokenizerFromSpec } from './spec.js';

const fixtureDir = join(dirname(fileURLToPath(import.meta.url)), '../../test-fixtures/tokenizer');
const fixture = join(fixtureDir, 'tokenizer.json');

const TEXTS = [
  'We need 24 from [3, 8, 2, 5].\n<think> We need 24 from [3, 8, 2, 5], using each number once. 8 * 3 = 24. </think>\n<answer>8 * 3 * (5 - 2 - 2)</answer>',
  '0123456789 42 1000000 3.14159 -7 1/3',
  'Question: Janet’s ducks lay 16 eggs.\nAnswer: 16 - 3 = 13.\n#### 13',
  'unicode: é ü ß 漢字 Ελληνικά 🙂👍🏽 and\ttabs,  double  spaces, trailing space ',
  '',
];

let tokenizer: HfTokenizer;
let temp: string;

beforeAll(async () => {
  tokenizer = await loadHfTokenizer(fixture);
  temp = await mkdtemp(join(tmpdir(), 'crossover-tokenizer-'));
});
afterAll(() => rm(temp, { recursive: true, force: true }));

async function fixtureJson(): Promise<HfTokenizerJson> {
  return JSON.parse(await readFile(fixture, 'utf8')) as HfTokenizerJson;
}

/** Writes `json` as tokenizer.json alone in a fresh directory (no tokenizer_config.json beside it). */
async function writeAlone(name: string, json: unknown): Promise<string> {
  const dir = join(temp, name);
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'tokenizer.json');
  await writeFile(file, typeof json === 'string' ? json : JSON.stringify(json));
  return file;
}

describe('HfTokenizer on the fixture (byte-level BPE, 400 merges)', () => {
  it('has the full vocabulary, added tokens included, and its special tokens', () => {
    expect(tokenizer.kind).toBe('hf');
    expect(tokenizer.vocabSize).toBe(658);
    expect(tokenizer.bos).toBe(656); // <|endoftext|>, named in tokenizer_config.json
    expect(tokenizer.eos).toBe(656);
    expect(tokenizer.pad).toBe(657); // <|pad|>
  });

  it.each(TEXTS)('round-trips %j exactly', (text) => {
    const ids = tokenizer.encode(text);
    expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < tokenizer.vocabSize)).toBe(true);
    expect(tokenizer.decode(ids)).toBe(text);
  });

  it('uses its merges (fewer tokens than bytes) and adds no special tokens when encoding', () => {
    const text = TEXTS[0] as string;
    const ids = tokenizer.encode(text);
    expect(ids.length).toBeLessThan(Buffer.byteLength(text) / 2);
    expect(ids).not.toContain(tokenizer.bos);
    expect(tokenizer.encode('Question')).toHaveLength(1);
  });

  it('decodes without the special tokens, and a cut character as U+FFFD', () => {
    const ids = tokenizer.encode('8 * 3');
    expect(tokenizer.decode([tokenizer.bos, ...ids, tokenizer.eos, tokenizer.pad, tokenizer.pad])).toBe(
      '8 * 3',
    );
    expect(tokenizer.decode([tokenizer.pad])).toBe('');
    expect(tokenizer.decode([])).toBe('');
    const emoji = tokenizer.encode('a🙂');
    expect(tokenizer.decode(emoji.slice(0, -1))).toBe('a\uFFFD');
  });

  it('is the same tokenizer when given the directory instead of the file', async () => {
    const fromDir = await loadHfTokenizer(fixtureDir);
    expect(sameTokenizer(fromDir.toJSON(), tokenizer.toJSON())).toBe(true);
    const chosen = await chooseTokenizer(fixture);
    expect(chosen.kind).toBe('hf');
    expect((await chooseTokenizer(undefined)).kind).toBe('bytes');
  });
});

describe('the hf spec', () => {
  it('round-trips through JSON (a checkpoint or a sidecar) to identical encodings', () => {
    const spec = JSON.parse(JSON.stringify(tokenizer.toJSON())) as HfTokenizerSpec;
    expect(spec).toMatchObject({
      kind: 'hf',
      vocab_size: 658,
      bos_token_id: 656,
      eos_token_id: 656,
      pad_token_id: 657,
    });
    expect(spec.config?.pad_token).toBe('<|pad|>');
    const rebuilt = tokenizerFromSpec(spec);
    expect(rebuilt.vocabSize).toBe(tokenizer.vocabSize);
    expect([rebuilt.bos, rebuilt.eos, rebuilt.pad]).toEqual([tokenizer.bos, tokenizer.eos, tokenizer.pad]);
    for (const text of TEXTS) {
      expect(rebuilt.encode(text)).toEqual(tokenizer.encode(text));
      expect(rebuilt.decode(tokenizer.encode(text))).toBe(text);
    }
    expect(sameTokenizer(rebuilt.toJSON(), tokenizer.toJSON())).toBe(true);
  });

  it('leaves the parsed tokenizer.json unchanged (the library must not mutate what is stored)', async () => {
    const json = await fixtureJson();
    const before = JSON.stringify(json);
    const loaded = HfTokenizer.fromJson(json, undefined, 'test');
    loaded.encode(TEXTS[0] as string);
    expect(JSON.stringify(loaded.toJSON().tokenizer)).toBe(before);
  });

  it('rejects a spec whose vocabulary size does not match, and an unknown kind', () => {
    const spec = { ...tokenizer.toJSON(), vocab_size: 700 };
    expect(() => tokenizerFromSpec(spec)).toThrow(/658 tokens, but its spec says vocab_size 700/);
    expect(() => tokenizerFromSpec({ kind: 'sentencepiece' } as never)).toThrow(
      /unsupported tokenizer kind: sentencepiece/,
    );
  });
});

describe('special tokens without tokenizer_config.json', () => {
  it('finds them by their usual names', async () => {
    const alone = await loadHfTokenizer(await writeAlone('alone', await fixtureJson()));
    expect([alone.bos, alone.eos, alone.pad]).toEqual([656, 656, 657]);
    expect(alone.toJSON().config).toBeUndefined();
  });

  it('pads with EOS when the vocabulary has no pad token', async () => {
    const json = await fixtureJson();
    json.added_tokens = json.added_tokens?.filter((t) => t.content !== '<|pad|>');
    const noPad = await loadHfTokenizer(await writeAlone('no-pad', json));
    expect([noPad.bos, noPad.eos, noPad.pad, noPad.vocabSize]).toEqual([656, 656, 656, 657]);
  });

  it('says which are missing when there are none', async () => {
    const json = await fixtureJson();
    json.added_tokens = [];
    const file = await writeAlone('none', json);
    const error = await loadHfTokenizer(file).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('InputError');
    expect((error as Error).message).toMatch(/has no BOS and no EOS token/);
    expect((error as Error).message).toContain(file);
  });
});

describe('bad tokenizer files', () => {
  const cases: Array<[string, () => Promise<string>, RegExp]> = [
    [
      'a missing file',
      async () => join(temp, 'nowhere', 'tokenizer.json'),
      /tokenizer file not found: .*nowhere/,
    ],
    ['invalid JSON', () => writeAlone('bad-json', '{"model": '), /is not valid JSON/],
    [
      'JSON that is no tokenizer',
      () => writeAlone('not-tokenizer', { hello: 1 }),
      /not a Hugging Face tokenizer\.json/,
    ],
    [
      'an unknown model type',
      () => writeAlone('bad-model', { model: { type: 'Mystery' } }),
      /cannot be loaded as a tokenizer: Unknown TokenizerModel type: Mystery/,
    ],
  ];

  it.each(cases)('%s is one clear InputError', async (_, file, message) => {
    const error = await loadHfTokenizer(await file()).catch((e: Error) => e);
    expect((error as Error).name).toBe('InputError');
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('rejects a tokenizer_config.json naming a token the vocabulary lacks', async () => {
    const file = await writeAlone('bad-config', await fixtureJson());
    await writeFile(join(dirname(file), 'tokenizer_config.json'), JSON.stringify({ eos_token: '</s>' }));
    await expect(loadHfTokenizer(file)).rejects.toThrow(
      /names eos_token "<\/s>", which is not in the vocabulary/,
    );
  });

  it('reads the AddedToken form of a special token in tokenizer_config.json', async () => {
    const file = await writeAlone('added-token-config', await fixtureJson());
    await writeFile(
      join(dirname(file), 'tokenizer_config.json'),
      JSON.stringify({ pad_token: { __type: 'AddedToken', content: '<|endoftext|>' } }),
    );
    expect((await loadHfTokenizer(file)).pad).toBe(656);
  });
});
