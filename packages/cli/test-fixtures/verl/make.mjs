// Writes gsm8k-generation.parquet with the columns verl's main_generation writes (verl commit b178a3c):
// the rows of examples/data_preprocess/gsm8k.py's test.parquet (data_source, prompt as chat messages,
// ability, reward_model, extra_info) with the `responses` column added, a list of data.n_samples = 4 strings
// per row. pyarrow, which verl writes through (DataFrame.to_parquet), is not installable on this machine, so
// hyparquet-writer writes the file with the schema pyarrow gives those columns: every field OPTIONAL, lists
// in the 3-level LIST layout with an `element` leaf, strings UTF8, integers INT64, SNAPPY pages.
// Run from packages/cli: node test-fixtures/verl/make.mjs
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetWriteFile } from 'hyparquet-writer';
import { COMPLETIONS, DOCS, gold } from '../generations.mjs';

const INSTRUCTION = 'Let\'s think step by step and output the final answer after "####".';
const string = (name) => ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
const int64 = (name) => ({ name, type: 'INT64', repetition_type: 'OPTIONAL' });
const struct = (name, children) => ({ name, repetition_type: 'OPTIONAL', num_children: children });
const list = (name) => [
  { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
];

const schema = [
  { name: 'schema', num_children: 6 },
  string('data_source'),
  ...list('prompt'),
  struct('element', 2),
  string('role'),
  string('content'),
  string('ability'),
  struct('reward_model', 2),
  string('style'),
  string('ground_truth'),
  struct('extra_info', 4),
  string('split'),
  int64('index'),
  string('answer'),
  string('question'),
  ...list('responses'),
  string('element'),
];

const rows = DOCS.map((doc, index) => ({
  data_source: 'openai/gsm8k',
  prompt: [{ role: 'user', content: `${doc.question} ${INSTRUCTION}` }],
  ability: 'math',
  reward_model: { style: 'rule', ground_truth: gold(doc.answer).replace(/,/g, '') },
  extra_info: { split: 'test', index: BigInt(index), answer: doc.answer, question: doc.question },
  responses: COMPLETIONS[index],
}));

const filename = join(dirname(fileURLToPath(import.meta.url)), 'gsm8k-generation.parquet');
parquetWriteFile({
  filename,
  schema,
  columnData: Object.keys(rows[0]).map((name) => ({ name, data: rows.map((row) => row[name]) })),
  createdBy: 'hyparquet-writer (schema of pyarrow for verl main_generation output)',
});
console.log(`${filename}: ${rows.length} rows`);
