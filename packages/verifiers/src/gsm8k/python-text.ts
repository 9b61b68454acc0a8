// Python string semantics that the reference verifiers rely on and JavaScript does not share: the
// whitespace set of str.strip()/str.isspace(), code-point (not UTF-16) lengths and slices.

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

const LOW_SURROGATE = /[\udc00-\udfff]/;

/**
 * The UTF-16 index where Python's `text[-count:]` starts: the last `count` code points. A tail without
 * surrogates is decided by one native scan of it; otherwise it walks back at most 2 * count units.
 */
export function lastCodePointsStart(text: string, count: number): number {
  if (text.length <= count) return 0;
  const unitsStart = text.length - count;
  if (!LOW_SURROGATE.test(text.slice(unitsStart))) return unitsStart;
  let index = text.length;
  for (let taken = 0; taken < count && index > 0; taken++) {
    index--;
    if (index > 0 && isLowSurrogate(text.charCodeAt(index)) && isHighSurrogate(text.charCodeAt(index - 1)))
      index--;
  }
  return index;
}

/** The UTF-16 length of the code point that starts at `index` (1 or 2). */
export function codePointWidthAt(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return isHighSurrogate(code) && index + 1 < text.length && isLowSurrogate(text.charCodeAt(index + 1))
    ? 2
    : 1;
}

/** Python's `len(text) <= limit`, counting code points but stopping early on long texts. */
export function codePointLengthAtMost(text: string, limit: number): boolean {
  if (text.length <= limit) return true;
  let count = 0;
  for (let i = 0; i < text.length; i += codePointWidthAt(text, i)) {
    count++;
    if (count > limit) return false;
  }
  return true;
}
