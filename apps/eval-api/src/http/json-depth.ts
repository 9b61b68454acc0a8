// JSON.parse takes seconds to build a value millions of levels deep (a 10 MB body of brackets took 9 s, as
// one NDJSON line 59 s), and nothing a client sends needs more than a few levels. This scan runs before the
// parse and stops at the first bracket too deep: it jumps over strings with indexOf, so its cost is linear in
// the text and small next to the parse.

/** The deepest nesting a JSON body or NDJSON line may have (a record with its reference needs 7). */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Offset of the quote that closes the string opening at `quote` (text.length when it never closes). */
function stringEnd(text: string, quote: number): number {
  let at = quote;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at === -1) return text.length;
    // Escaped when an odd number of backslashes precede it.
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

/**
 * Offset of the first `{` or `[` that opens a level deeper than `maxDepth`, or -1 when the text never nests
 * that deep. Brackets inside strings do not count; the text need not be valid JSON.
 */
export function overDepthOffset(text: string, maxDepth = MAX_JSON_DEPTH): number {
  let depth = 0;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) at = stringEnd(text, at);
    else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (++depth > maxDepth) return at;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) depth--;
  }
  return -1;
}
