// Substring search tuned for V8. String#indexOf finds a short pattern (under 7 characters) with memchr
// on its first character, which is fast when that character is rare; longer patterns go through a
// Boyer-Moore setup on every call, and String#lastIndexOf scans one character at a time. So markers are
// searched by a short anchor that starts with a rare character, and the rest is checked in place.

/** V8 switches from memchr-based linear search to Boyer-Moore at this pattern length. */
const LINEAR_SEARCH_MAX = 6;

/**
 * text.indexOf(pattern, from), found through the anchor `pattern[anchorAt..anchorAt + 6)`, which should
 * start with a character that is rare in completions (`/s>` rather than `</s>` in text full of `<<calc>>`
 * annotations, `wer is` rather than `The answer is` in text full of "The").
 */
export function indexOfAnchored(text: string, pattern: string, anchorAt = 0, from = 0): number {
  const anchor = pattern.slice(anchorAt, anchorAt + LINEAR_SEARCH_MAX);
  if (anchorAt === 0 && anchor.length === pattern.length) return text.indexOf(pattern, from);
  for (let at = text.indexOf(anchor, from + anchorAt); at >= 0; at = text.indexOf(anchor, at + 1)) {
    if (at >= anchorAt && text.startsWith(pattern, at - anchorAt)) return at - anchorAt;
  }
  return -1;
}

/** The last index of `pattern` in `text`, or -1, hopping forwards between occurrences. */
export function lastIndexOf(text: string, pattern: string): number {
  let at = indexOfAnchored(text, pattern);
  if (at < 0) return -1;
  for (
    let next = indexOfAnchored(text, pattern, 0, at + 1);
    next >= 0;
    next = indexOfAnchored(text, pattern, 0, at + 1)
  ) {
    at = next;
  }
  return at;
}

/** The last occurrence that starts before `index`, or -1 (text.lastIndexOf(pattern, index - 1)). */
export function lastIndexBefore(text: string, pattern: string, index: number): number {
  return index <= 0 ? -1 : text.lastIndexOf(pattern, index - 1);
}
