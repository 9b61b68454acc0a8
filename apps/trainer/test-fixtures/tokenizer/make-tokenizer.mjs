#!/usr/bin/env node
/**
 * Writes tokenizer.json and tokenizer_config.json next to this script: a small but real Hugging Face
 * byte-level BPE tokenizer (GPT-2 layout: ByteLevel pre-tokenizer, post-processor and decoder, the 256
 * byte symbols first, then the learned merges, then the added special tokens `<|endoftext|>` and `<|pad|>`).
 * There is no internet here, so instead of downloading GPT-2's vocabulary this script learns MERGES merges
 * from Countdown text (the task package's own prompts and SFT answers) and a few GSM8K-style solutions.
 * Deterministic: the same inputs give byte-identical files. Run from apps/trainer after building the
 * workspace packages (`npm run build`):
 *
 *   node test-fixtures/tokenizer/make-tokenizer.mjs && npx biome format --write test-fixtures/tokenizer
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  countdownPrompt,
  countdownSftTarget,
  generateCountdownProblems,
  solveCountdown,
} from '@crossover/tasks';
import { Tokenizer } from '@huggingface/tokenizers';

const MERGES = 400;
const SPECIAL_TOKENS = ['<|endoftext|>', '<|pad|>'];
// GPT-2's pre-tokenizer pattern, the one @huggingface/tokenizers applies for ByteLevel with use_regex.
const PRE_TOKENIZE = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

const here = dirname(fileURLToPath(import.meta.url));

/** GPT-2's reversible map from bytes to printable characters, in its order (printable bytes first). */
function bytesToUnicode() {
  const printable = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const bytes = [...printable];
  const chars = printable.map((b) => String.fromCharCode(b));
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    if (printable.includes(b)) continue;
    bytes.push(b);
    chars.push(String.fromCharCode(256 + shifted++));
  }
  return { bytes, chars };
}

const GSM8K_STYLE = [
  'Question: Tom has 3 boxes with 12 pencils in each box. He gives away 9 pencils. How many pencils does he have left?\nAnswer: Tom has 3 * 12 = 36 pencils. After giving away 9 he has 36 - 9 = 27 pencils.\n#### 27',
  'Question: A baker sells 48 muffins in the morning and half as many in the afternoon. How many muffins does she sell in total?\nAnswer: In the afternoon she sells 48 / 2 = 24 muffins. In total she sells 48 + 24 = 72 muffins.\n#### 72',
  'Question: Maria earns $15 per hour and works 8 hours a day for 5 days. How much money does she earn?\nAnswer: She works 8 * 5 = 40 hours. She earns 40 * 15 = $600.\n#### 600',
  'Question: A train travels 60 miles per hour for 2.5 hours. How far does it go?\nAnswer: It travels 60 * 2.5 = 150 miles.\n#### 150',
  'Question: There are 24 students in a class and 1/3 of them are absent. How many students are present?\nAnswer: 24 / 3 = 8 students are absent, so 24 - 8 = 16 students are present.\n#### 16',
  "Question: John's garden has 7 rows of 14 tomato plants. Each plant gives 5 tomatoes. How many tomatoes does he get?\nAnswer: He has 7 * 14 = 98 plants, which give 98 * 5 = 490 tomatoes.\n#### 490",
  'Question: A shirt costs $25 and is on sale for 20% off. What is the sale price?\nAnswer: The discount is 25 * 0.2 = $5, so the sale price is 25 - 5 = $20.\n#### 20',
  'Question: Sam reads 30 pages a day. How many days does he need for a book of 450 pages?\nAnswer: He needs 450 / 30 = 15 days.\n#### 15',
];

/** Countdown prompts (base and compact) with their SFT answers, plus GSM8K-style worked solutions. */
function corpus() {
  const problems = generateCountdownProblems({
    seed: 7,
    count: 300,
    minCount: 3,
    maxCount: 4,
    idPrefix: 'tok',
  });
  const texts = [];
  for (const problem of problems) {
    const [solution] = solveCountdown(problem.reference.numbers, problem.reference.target, { limit: 1 });
    if (!solution) continue;
    const { numbers, target } = problem.reference;
    texts.push(countdownPrompt(problem.reference) + countdownSftTarget(problem, solution));
    texts.push(
      `We need ${target} from [${numbers.join(', ')}].\n<think>${countdownSftTarget(problem, solution)}`,
    );
  }
  return [...texts, ...GSM8K_STYLE, ...GSM8K_STYLE];
}

/** Pre-tokenized words as byte-symbol sequences, with their counts. */
function wordCounts(texts, byteChar) {
  const encoder = new TextEncoder();
  const counts = new Map();
  for (const text of texts) {
    for (const piece of text.match(PRE_TOKENIZE) ?? []) {
      const word = Array.from(encoder.encode(piece), (b) => byteChar[b]).join('\u0000');
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts].map(([word, count]) => ({ symbols: word.split('\u0000'), count }));
}

/** Classic BPE training: merge the most frequent adjacent pair, MERGES times (ties: smallest pair). */
function learnMerges(words) {
  const merges = [];
  for (let m = 0; m < MERGES; m++) {
    const pairs = new Map();
    for (const { symbols, count } of words) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]}\u0000${symbols[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + count);
      }
    }
    let best = null;
    for (const [key, count] of pairs) {
      if (!best || count > best.count || (count === best.count && key < best.key)) best = { key, count };
    }
    if (!best || best.count < 2) break;
    const [left, right] = best.key.split('\u0000');
    merges.push([left, right]);
    for (const word of words) word.symbols = mergePair(word.symbols, left, right);
  }
  return merges;
}

function mergePair(symbols, left, right) {
  const out = [];
  for (let i = 0; i < symbols.length; i++) {
    if (symbols[i] === left && symbols[i + 1] === right) {
      out.push(left + right);
      i++;
    } else out.push(symbols[i]);
  }
  return out;
}

function buildTokenizerJson() {
  const { bytes, chars } = bytesToUnicode();
  const byteChar = [];
  bytes.forEach((b, i) => {
    byteChar[b] = chars[i];
  });
  const merges = learnMerges(wordCounts(corpus(), byteChar));
  const vocab = {};
  for (const c of chars) vocab[c] = Object.keys(vocab).length;
  for (const [left, right] of merges) vocab[left + right] ??= Object.keys(vocab).length;
  const size = Object.keys(vocab).length;
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, i) => ({
      id: size + i,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: byteLevel,
    decoder: byteLevel,
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
}

const TOKENIZER_CONFIG = {
  bos_token: '<|endoftext|>',
  eos_token: '<|endoftext|>',
  pad_token: '<|pad|>',
  unk_token: null,
  model_max_length: 512,
  clean_up_tokenization_spaces: false,
  tokenizer_class: 'GPT2Tokenizer',
};

/** The files must load in @huggingface/tokenizers and give every text back exactly. */
function check(json) {
  const tokenizer = new Tokenizer(json, TOKENIZER_CONFIG);
  const samples = [
    'We need 24 from [3, 8, 2, 5].\n<think> 8 * 3 = 24. </think>\n<answer>8 * 3</answer>',
    'Question: How many? 1/3 of 24 is 8.\n#### 8',
    'unicode: é, ü, 漢字, emoji 🙂 and tabs\tand  double  spaces',
  ];
  for (const text of samples) {
    const { ids } = tokenizer.encode(text, { add_special_tokens: false });
    const back = tokenizer.decode(ids, { clean_up_tokenization_spaces: false });
    if (back !== text)
      throw new Error(`round trip failed: ${JSON.stringify(text)} -> ${JSON.stringify(back)}`);
  }
  const first = samples[0];
  return { tokens: tokenizer.encode(first, { add_special_tokens: false }).ids.length, bytes: first.length };
}

const json = buildTokenizerJson();
const sample = check(json);
writeFileSync(join(here, 'tokenizer.json'), `${JSON.stringify(json, null, 2)}\n`);
writeFileSync(join(here, 'tokenizer_config.json'), `${JSON.stringify(TOKENIZER_CONFIG, null, 2)}\n`);
process.stderr.write(
  `wrote tokenizer.json: ${json.model.merges.length} merges, vocabulary ${json.added_tokens.at(-1).id + 1} ` +
    `(the first sample: ${sample.tokens} tokens for ${sample.bytes} bytes)\n`,
);
