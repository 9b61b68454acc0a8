// Writes tokenizer.json: a byte-level BPE in the Hugging Face `tokenizers` format (GPT-2's layout: ByteLevel
// pre-tokenizer and decoder, a BPE model, one special token added by the post-processor), with 300 merges
// learned from the questions of gsm8k/test problems 0-39. Run from packages/cli after building
// @crossover/tasks: node test-fixtures/tokenizer/make-tokenizer.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadShippedTaskset } from '@crossover/tasks';

const MERGES = 300;
const EOS = '<|endoftext|>';
// GPT-2's pre-tokenization pattern, the one the ByteLevel pre-tokenizer applies with use_regex.
const SPLIT = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** GPT-2's reversible map from bytes to printable characters (bytes_to_unicode). */
function byteToChar() {
  const printable = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const map = new Map(printable.map((b) => [b, String.fromCodePoint(b)]));
  let extra = 0;
  for (let b = 0; b < 256; b++) if (!map.has(b)) map.set(b, String.fromCodePoint(256 + extra++));
  return map;
}

const chars = byteToChar();
const questions = loadShippedTaskset('gsm8k/test')
  .problems.slice(0, 40)
  .map((p) => p.question);
const counts = new Map();
for (const text of questions) {
  for (const piece of text.match(SPLIT) ?? []) {
    const word = [...new TextEncoder().encode(piece)].map((b) => chars.get(b)).join('\u0000');
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
}
let words = [...counts].map(([word, count]) => ({ symbols: word.split('\u0000'), count }));

const vocab = {};
for (let b = 0; b < 256; b++) vocab[chars.get(b)] = Object.keys(vocab).length;
const merges = [];
for (let m = 0; m < MERGES; m++) {
  const pairs = new Map();
  for (const { symbols, count } of words)
    for (let i = 0; i + 1 < symbols.length; i++) {
      const key = `${symbols[i]}\u0000${symbols[i + 1]}`;
      pairs.set(key, (pairs.get(key) ?? 0) + count);
    }
  // Most frequent pair; ties broken by the pair's text, so the file is the same on every run.
  const best = [...pairs].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  if (!best) break;
  const [left, right] = best[0].split('\u0000');
  merges.push([left, right]);
  vocab[left + right] = Object.keys(vocab).length;
  words = words.map(({ symbols, count }) => {
    const out = [];
    for (let i = 0; i < symbols.length; i++) {
      if (symbols[i] === left && symbols[i + 1] === right) {
        out.push(left + right);
        i++;
      } else out.push(symbols[i]);
    }
    return { symbols: out, count };
  });
}
const eosId = Object.keys(vocab).length;

const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [
    {
      id: eosId,
      content: EOS,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    },
  ],
  normalizer: null,
  pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
  post_processor: {
    type: 'TemplateProcessing',
    single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: EOS, type_id: 0 } }],
    pair: [
      { Sequence: { id: 'A', type_id: 0 } },
      { Sequence: { id: 'B', type_id: 1 } },
      { SpecialToken: { id: EOS, type_id: 1 } },
    ],
    special_tokens: { [EOS]: { id: EOS, ids: [eosId], tokens: [EOS] } },
  },
  decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: {
    type: 'BPE',
    dropout: null,
    unk_token: null,
    continuing_subword_prefix: null,
    end_of_word_suffix: null,
    fuse_unk: false,
    byte_fallback: false,
    ignore_merges: false,
    vocab,
    merges,
  },
};
const out = join(dirname(fileURLToPath(import.meta.url)), 'tokenizer.json');
writeFileSync(out, `${JSON.stringify(tokenizer)}\n`);
console.log(`${out}: ${eosId + 1} tokens, ${merges.length} merges`);
