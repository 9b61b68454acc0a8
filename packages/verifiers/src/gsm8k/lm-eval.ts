// lm-evaluation-harness's `gsm8k` and `gsm8k-cot` tasks: generation cut at the first stop string, a regex
// filter (strict or flexible, `[invalid]` when nothing matches), then exact_match with
// regexes_to_ignore [`,`, `\$`, `(?s).*#### `, `\.$`] and ignore_case on both sides.

import { pythonStrip } from '../python-whitespace.js';
import { type Verdict, verdict } from '../verdict.js';
import { cachedGoldForm } from './gold.js';
import { firstHashNumber, isNumberClass, numberClassRunEnd } from './hash-pattern.js';
import { indexOfAnchored } from './search.js';

export const GSM8K_STOP_STRINGS = ['Question:', '</s>', '<|im_end|>'] as const;
export const GSM8K_COT_STOP_STRINGS = ['Q:', '</s>', '<|im_end|>'] as const;

/** Where to anchor the search for a stop string: after a leading `<`, which calculator annotations repeat. */
function anchorOf(stop: string): number {
  return stop.charCodeAt(0) === 60 && stop.length > 1 ? 1 : 0;
}

/** The generation as the harness sees it: cut before the first occurrence of any stop string. */
export function cutAtStopStrings(text: string, stops: readonly string[]): string {
  let cut = text.length;
  for (const stop of stops) {
    const at = indexOfAnchored(text, stop, anchorOf(stop));
    if (at >= 0 && at < cut) cut = at;
  }
  return cut === text.length ? text : text.slice(0, cut);
}

/** The harness's exact_match normalisation: the `regexes_to_ignore` in order, then lower-casing. */
export function lmEvalNormalize(text: string): string {
  let out = text.replaceAll(',', '').replaceAll('$', '');
  const marker = out.lastIndexOf('#### ');
  if (marker >= 0) out = out.slice(marker + 5);
  // Python's `$` also matches before a final newline, so `\.$` removes a dot there too.
  if (out.endsWith('.')) out = out.slice(0, -1);
  else if (out.endsWith('.\n')) out = `${out.slice(0, -2)}\n`;
  return out.toLowerCase();
}

/** `[$0-9.,]`, the flexible pattern's class. */
function isFlexibleClass(code: number): boolean {
  return isNumberClass(code) || code === 36;
}

/**
 * The last match of `(-?[$0-9.,]{2,})|(-?[0-9]+)` under re.findall. The class excludes `-`, so every
 * match covers one maximal class run (plus the `-` right before it): a run of two or more, or a single
 * digit. Scanning runs from the end finds the last match without a regex.
 */
export function lastFlexibleMatch(text: string): string | null {
  let end = text.length;
  while (end > 0) {
    if (!isFlexibleClass(text.charCodeAt(end - 1))) {
      end--;
      continue;
    }
    let start = end - 1;
    while (start > 0 && isFlexibleClass(text.charCodeAt(start - 1))) start--;
    const single = end - start === 1;
    if (!single || (text.charCodeAt(start) >= 48 && text.charCodeAt(start) <= 57)) {
      return text.slice(start > 0 && text.charCodeAt(start - 1) === 45 ? start - 1 : start, end);
    }
    end = start;
  }
  return null;
}

const ANSWER_IS = 'The answer is ';
/** "The" starts many sentences; searching from the `w` (`wer is`) skips ahead much faster. */
const ANSWER_IS_ANCHOR = ANSWER_IS.indexOf('w');

/**
 * The first match of gsm8k-cot's `The answer is (\-?[0-9\.\,]+).`: the unescaped final `.` needs one
 * more character that is not a newline, so at the end of the text or before a newline the run gives its
 * last character back (`The answer is 18` at the end captures `1`).
 */
export function firstCotAnswer(text: string): string | null {
  for (
    let at = indexOfAnchored(text, ANSWER_IS, ANSWER_IS_ANCHOR);
    at >= 0;
    at = indexOfAnchored(text, ANSWER_IS, ANSWER_IS_ANCHOR, at + 1)
  ) {
    const group = cotGroupAt(text, at + ANSWER_IS.length);
    if (group !== null) return group;
  }
  return null;
}

function cotGroupAt(text: string, index: number): string | null {
  const runStart = text.charCodeAt(index) === 45 ? index + 1 : index;
  const runEnd = numberClassRunEnd(text, runStart);
  const length = runEnd - runStart;
  if (length === 0) return null;
  if (runEnd < text.length && text.charCodeAt(runEnd) !== 10) return text.slice(index, runEnd);
  return length >= 2 ? text.slice(index, runEnd - 1) : null;
}

export type LmEvalVariant = 'strict' | 'flexible' | 'cot-strict' | 'cot-flexible';

/** What the task's filter returns for a completion, or null for its `[invalid]` fallback. */
export function extractLmEval(completion: string, variant: LmEvalVariant): string | null {
  const cot = variant === 'cot-strict' || variant === 'cot-flexible';
  const text = cutAtStopStrings(completion, cot ? GSM8K_COT_STOP_STRINGS : GSM8K_STOP_STRINGS);
  let match: string | null;
  if (variant === 'strict') match = firstHashNumber(text);
  else if (variant === 'cot-strict') match = firstCotAnswer(text);
  else match = lastFlexibleMatch(text);
  return match === null ? null : pythonStrip(match);
}

/** The reference side of `gsm8k`: the whole answer, normalised. */
const lmEvalPlainGold = cachedGoldForm(lmEvalNormalize);

/** The reference side of `gsm8k-cot`: the text after the last `####`, stripped, normalised. */
const lmEvalCotGold = cachedGoldForm((answer: string) => {
  const marker = answer.lastIndexOf('####');
  return lmEvalNormalize(pythonStrip(marker < 0 ? answer : answer.slice(marker + 4)));
});

export function lmEvalGold(answer: string, variant: LmEvalVariant): string {
  return variant === 'cot-strict' || variant === 'cot-flexible'
    ? lmEvalCotGold(answer)
    : lmEvalPlainGold(answer);
}

export function verifyLmEval(completion: string, answer: string, variant: LmEvalVariant): Verdict {
  const extracted = extractLmEval(completion, variant);
  if (extracted === null) return verdict(false, 0, false, null, 'no_answer');
  const correct = lmEvalNormalize(extracted) === lmEvalGold(answer, variant);
  return verdict(correct, correct ? 1 : 0, true, extracted, correct ? 'correct' : 'wrong_answer');
}
