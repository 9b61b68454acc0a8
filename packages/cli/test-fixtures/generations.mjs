// The generations every fixture holds, so that each format's file scores to the same known Report: problems
// 0-3 of GSM8K's test split (gsm8k-test-0-3.jsonl, the first four lines of the dataset's test.jsonl),
// four samples each, of which 4, 2, 1 and 0 are correct (pass@1 = (4/4 + 2/4 + 1/4 + 0/4) / 4 = 0.4375).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The dataset's own lines: { question, answer } with the worked answer ending in `#### N`. */
export const DOCS = readFileSync(join(here, 'gsm8k-test-0-3.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));

/** How many of each problem's four samples are correct. */
export const CORRECT_PER_PROBLEM = [4, 2, 1, 0];
export const SAMPLES_PER_PROBLEM = 4;

function gold(answer) {
  return answer.slice(answer.lastIndexOf('####') + 4).trim();
}

/**
 * Sample j of a problem: the worked answer, with "Let's think step by step." before it for odd j and the
 * calculator annotations (<<...>>) removed for j >= 2; an incorrect sample ends in the gold plus one.
 */
function completion(doc, j, correct) {
  let text = j >= 2 ? doc.answer.replace(/<<[^>]*>>/g, '') : doc.answer;
  if (j % 2 === 1) text = `Let's think step by step.\n${text}`;
  if (!correct) text = text.replace(/#### .*$/, `#### ${Number(gold(doc.answer)) + 1}`);
  return text;
}

/** Per problem (index = doc_id), its four completions, the first CORRECT_PER_PROBLEM[i] of them correct. */
export const COMPLETIONS = DOCS.map((doc, i) =>
  Array.from({ length: SAMPLES_PER_PROBLEM }, (_, j) => completion(doc, j, j < CORRECT_PER_PROBLEM[i])),
);

export { gold };
