// verl's GSM8K reward (verl/utils/reward_score/gsm8k.py). Only the last 300 characters (Python code
// points) are looked at. strict: the LAST `#### ` + `-?[0-9.,]+`, with `,` and `$` removed. flexible:
// the last `-?[0-9.,]+` run that is not a lone `.`, taken as is; when every run is `.`, the loop leaves
// the first run, `.`. Both compare strings with the comma-free gold.
import { type Verdict, verdict } from '../verdict.js';
import { isNumberClass, lastHashNumber } from './hash-pattern.js';
import { lastCodePointsStart } from './python-text.js';

const SOLUTION_CLIP_CHARS = 300;

/** Python's `solution_str[-300:]`. */
export function clip(completion: string): string {
  const start = lastCodePointsStart(completion, SOLUTION_CLIP_CHARS);
  return start === 0 ? completion : completion.slice(start);
}

export function extractVerlStrict(completion: string): string | null {
  const number = lastHashNumber(clip(completion));
  return number === null ? null : number.replaceAll(',', '');
}

export function extractVerlFlexible(completion: string): string | null {
  const start = lastCodePointsStart(completion, SOLUTION_CLIP_CHARS);
  let sawLoneDot = false;
  let end = completion.length;
  while (end > start) {
    if (!isNumberClass(completion.charCodeAt(end - 1))) {
      end--;
      continue;
    }
    let runStart = end - 1;
    while (runStart > start && isNumberClass(completion.charCodeAt(runStart - 1))) runStart--;
    const tokenStart =
      runStart > start && completion.charCodeAt(runStart - 1) === 45 ? runStart - 1 : runStart;
    const token = completion.slice(tokenStart, end);
    if (token !== '.') return token;
    sawLoneDot = true;
    end = tokenStart;
  }
  return sawLoneDot ? '.' : null;
}

function verdictFor(extracted: string | null, gold: string): Verdict {
  if (extracted === null) return verdict(false, 0, false, null, 'no_answer');
  const correct = extracted === gold;
  return verdict(correct, correct ? 1 : 0, true, extracted, correct ? 'correct' : 'wrong_answer');
}

export function verifyVerlStrict(completion: string, gold: string): Verdict {
  return verdictFor(extractVerlStrict(completion), gold);
}

export function verifyVerlFlexible(completion: string, gold: string): Verdict {
  return verdictFor(extractVerlFlexible(completion), gold);
}
