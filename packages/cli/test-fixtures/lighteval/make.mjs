// Writes a details parquet with the columns lighteval 0.13 writes for --save-details (lighteval commit
// 3fd1526, src/lighteval/logging/evaluation_tracker.py): Dataset.from_list([asdict(Detail)]), columns sorted,
// so `doc` (the Doc of lighteval's gsm8k prompt function: query "Question: ...\nAnswer:", choices
// [" <worked answer>"], gold_index 0), `metric` and `model_response` (ModelResponse: `text` holds the 4
// samples, `output_tokens` their token ids). The token ids are those of the fixture tokenizer
// (../tokenizer/tokenizer.json), as if the model used it. pyarrow, which `datasets` writes through, is not
// installable on this machine, so hyparquet-writer writes the file with the schema pyarrow gives these
// fields (all OPTIONAL, 3-level LISTs with an `element` leaf, SNAPPY). Fields that are None in every row
// (pyarrow's null type: instruction, images, specific, ..., logits) and the empty lists fewshot_samples,
// sampling_methods, reasonings, logprobs and argmax_logits_eq_gold are left out.
// Run from packages/cli: node test-fixtures/lighteval/make.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tokenizer } from '@huggingface/tokenizers';
import { parquetWriteFile } from 'hyparquet-writer';
import { COMPLETIONS, DOCS, gold } from '../generations.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const tokenizer = new Tokenizer(
  JSON.parse(readFileSync(join(here, '../tokenizer/tokenizer.json'), 'utf8')),
  {},
);
const ids = (text) => tokenizer.encode(text, { add_special_tokens: false }).ids.map(BigInt);

const string = (name) => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
const int64 = (name) => ({ name, type: 'INT64', repetition_type: 'OPTIONAL' });
const bool = (name) => ({ name, type: 'BOOLEAN', repetition_type: 'OPTIONAL' });
const double = (name) => ({ name, type: 'DOUBLE', repetition_type: 'OPTIONAL' });
const struct = (name, children) => ({ name, repetition_type: 'OPTIONAL', num_children: children });
const list = (name) => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
];

const schema = [
  { name: 'schema', num_children: 3 },
  struct('doc', 9),
  string('query'),
  ...list('choices'),
  string('element'),
  int64('gold_index'),
  string('id'),
  string('task_name'),
  int64('generation_size'),
  ...list('stop_sequences'),
  string('element'),
  bool('use_logits'),
  int64('num_samples'),
  struct('metric', 1),
  double('extractive_match'),
  struct('model_response', 6),
  string('input'),
  ...list('input_tokens'),
  int64('element'),
  ...list('text'),
  string('element'),
  ...list('output_tokens'),
  ...list('element'),
  int64('element'),
  int64('truncated_tokens_count'),
  int64('padded_tokens_count'),
];

const rows = DOCS.map((doc, index) => {
  const query = `Question: ${doc.question}\nAnswer:`;
  const texts = COMPLETIONS[index];
  const first = texts[0].slice(texts[0].lastIndexOf('####') + 4).trim();
  return {
    doc: {
      query,
      choices: [` ${doc.answer}`],
      gold_index: 0n,
      id: String(index),
      task_name: 'gsm8k|0',
      generation_size: 256n,
      stop_sequences: ['Question:'],
      use_logits: false,
      num_samples: 4n,
    },
    metric: { extractive_match: first === gold(doc.answer) ? 1.0 : 0.0 },
    model_response: {
      input: query,
      input_tokens: ids(query),
      text: texts,
      output_tokens: texts.map(ids),
      truncated_tokens_count: 0n,
      padded_tokens_count: 0n,
    },
  };
});

const filename = join(here, 'details_gsm8k_0_2026-05-05T12-00-00.000000.parquet');
parquetWriteFile({
  filename,
  schema,
  columnData: ['doc', 'metric', 'model_response'].map((name) => ({
    name,
    data: rows.map((row) => row[name]),
  })),
  createdBy: 'hyparquet-writer (schema of pyarrow for lighteval details)',
});
console.log(`${filename}: ${rows.length} rows`);
