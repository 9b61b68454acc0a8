// Writes samples_gsm8k_<date>.jsonl the way lm-evaluation-harness writes `--log_samples` (harness commit
// 4e7e0d4: lm_eval/evaluator.py builds each sample, lm_eval/loggers/evaluation_tracker.py rewrites
// `arguments` as { gen_args_i: { arg_j } } and dumps it with Python's json.dumps): for each filter of the
// task, one line per document, every line with the same raw `resps`. The task is the harness's gsm8k (doc_to_text "Question: {{question}}\nAnswer:", doc_to_target
// "{{answer}}", filters strict-match and flexible-extract) run with --num_fewshot 0 and repeats: 4, sampling.
// Run: node packages/cli/test-fixtures/lm-eval/make.mjs
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPLETIONS, DOCS } from '../generations.mjs';

const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const GEN_KWARGS = { until: ['Question:', '</s>', '<|im_end|>'], do_sample: true, temperature: 0.8 };

/** The harness's two gsm8k filters, each ending in take_first: they keep the first response's match. */
const FILTERS = {
  'strict-match': (text) => /#### (-?[0-9.,]+)/.exec(text)?.[1] ?? '[invalid]',
  'flexible-extract': (text) => {
    const matches = [...text.matchAll(/(-?[$0-9.,]{2,})|(-?[0-9]+)/g)];
    const last = matches.at(-1);
    return last ? (last[1] ?? last[2]) : '[invalid]';
  },
};

/** exact_match after the task's regexes_to_ignore (",", "$", "(?s).*#### ", trailing ".") and ignore_case. */
function exactMatch(filtered, target) {
  const clean = (s) =>
    s
      .replace(/,/g, '')
      .replace(/\$/g, '')
      .replace(/^[\s\S]*#### /, '')
      .replace(/\.$/, '');
  return clean(filtered).toLowerCase() === clean(target).toLowerCase() ? 1.0 : 0.0;
}

const lines = [];
for (const [filter, apply] of Object.entries(FILTERS)) {
  DOCS.forEach((doc, docId) => {
    const context = `Question: ${doc.question}\nAnswer:`;
    const target = doc.answer;
    const filtered = apply(COMPLETIONS[docId][0]);
    lines.push({
      doc_id: docId,
      doc,
      target,
      arguments: { gen_args_0: { arg_0: context, arg_1: GEN_KWARGS } },
      resps: [COMPLETIONS[docId]],
      filtered_resps: [filtered],
      filter,
      metrics: ['exact_match'],
      doc_hash: sha256(JSON.stringify(doc, null, 2)),
      prompt_hash: sha256(context),
      target_hash: sha256(String(target)),
      exact_match: exactMatch(filtered, target),
    });
  });
}
/** json.dumps(value, ensure_ascii=False): JSON with Python's ", " and ": " separators. */
function pythonJson(value) {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value)
      // The metric is a Python float: 1.0, not 1.
      .map(
        ([key, field]) =>
          `${JSON.stringify(key)}: ${key === 'exact_match' ? field.toFixed(1) : pythonJson(field)}`,
      )
      .join(', ')}}`;
  return JSON.stringify(value);
}

const out = join(dirname(fileURLToPath(import.meta.url)), 'samples_gsm8k_2026-05-05T12-00-00.000000.jsonl');
writeFileSync(out, lines.map((line) => `${pythonJson(line)}\n`).join(''));
console.log(`${out}: ${lines.length} lines`);
