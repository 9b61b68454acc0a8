// Where each Countdown mode finds its `<answer>...</answer>`. Every scan is a constant number of
// indexOf/lastIndexOf passes (linear time, no regular expressions that could backtrack).

export const OPEN_TAG = '<answer>';
export const CLOSE_TAG = '</answer>';

/** A tag's content as text[start, end). */
export interface Span {
  start: number;
  end: number;
}

/**
 * Crossover's `exact` rule: the last `<answer>` that has a `</answer>` after it; the content runs to the
 * first `</answer>` after that tag. Scans from the end, so the work is proportional to the distance of
 * the answer from the end of the text.
 */
export function lastAnswerSpan(text: string): Span | null {
  const lastClose = text.lastIndexOf(CLOSE_TAG);
  if (lastClose < OPEN_TAG.length) return null;
  const open = text.lastIndexOf(OPEN_TAG, lastClose - OPEN_TAG.length);
  if (open < 0) return null;
  const start = open + OPEN_TAG.length;
  return { start, end: text.indexOf(CLOSE_TAG, start) };
}

/**
 * Python's `re.finditer(r'<answer>(.*?)</answer>', line)` keeping the last match, for a line without
 * '\n' (TinyZero): matches are found left to right without overlapping.
 */
export function lastNonOverlappingSpan(text: string, from: number): Span | null {
  let found: Span | null = null;
  let position = from;
  for (;;) {
    const open = text.indexOf(OPEN_TAG, position);
    if (open < 0) return found;
    const start = open + OPEN_TAG.length;
    const close = text.indexOf(CLOSE_TAG, start);
    if (close < 0) return found;
    found = { start, end: close };
    position = close + CLOSE_TAG.length;
  }
}

/**
 * Python's `re.search(r'<answer>(.*?)</answer>', text)` (mini-R1): the leftmost `<answer>` whose first
 * following `</answer>` comes before the next '\n' ('.' does not match a newline).
 */
export function firstSingleLineSpan(text: string): Span | null {
  let close = -1;
  let newline = -1;
  let position = 0;
  for (;;) {
    const open = text.indexOf(OPEN_TAG, position);
    if (open < 0) return null;
    const start = open + OPEN_TAG.length;
    // Both searches only move forward, which keeps the whole scan linear.
    if (close < start) {
      close = text.indexOf(CLOSE_TAG, start);
      if (close < 0) return null;
    }
    if (newline < start) {
      newline = text.indexOf('\n', start);
      if (newline < 0) newline = text.length;
    }
    if (close < newline) return { start, end: close };
    position = open + 1;
  }
}

/**
 * mini-R1's format reward: `<think>` + completion must match
 * `^<think>([^<]*(?:<(?!/?think>)[^<]*)*)<\/think>\n<answer>([\s\S]*?)<\/answer>$` — thinking free of
 * `<think>`/`</think>`, then `</think>\n<answer>`, and the text must end in `</answer>` with at most one
 * newline after it. Returns the answer content's span in `completion`, or null.
 */
export function minir1FormatSpan(completion: string): Span | null {
  const thinkEnd = completion.indexOf('</think>');
  if (thinkEnd < 0) return null;
  const thinking = completion.indexOf('<think>');
  if (thinking >= 0 && thinking < thinkEnd) return null;
  const answerOpen = thinkEnd + '</think>'.length;
  if (!completion.startsWith('\n<answer>', answerOpen)) return null;
  const start = answerOpen + '\n<answer>'.length;
  const end = completion.endsWith('\n') ? completion.length - 1 : completion.length;
  if (end - start < CLOSE_TAG.length || !completion.startsWith(CLOSE_TAG, end - CLOSE_TAG.length))
    return null;
  return { start, end: end - CLOSE_TAG.length };
}
