/**
 * `crossover sample --stop`: a completion ends before the first of the stop strings it contains, as
 * lm-evaluation-harness's `until` does, so a base model that runs on into a new question is recorded
 * as the answer it gave. Decoding is not interrupted (rows of a batch decode together); the cut is made
 * on the decoded text afterwards, and num_tokens counts the tokens that text needed.
 */

export interface CutCompletion {
  completion: string;
  numTokens: number;
  /** Whether a stop string ended it. */
  stopped: boolean;
}

/** The first index where any stop string starts, or -1. */
function firstStop(text: string, stops: readonly string[]): number {
  let first = -1;
  for (const stop of stops) {
    const at = stop.length === 0 ? -1 : text.indexOf(stop);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  return first;
}

/**
 * The completion cut before its first stop string. num_tokens is the fewest leading tokens whose text
 * covers the kept part (a binary search: a prefix that covers it stays covering it as it grows).
 */
export function cutAtStopStrings(
  tokens: readonly number[],
  decode: (tokens: number[]) => string,
  stops: readonly string[],
): CutCompletion {
  const text = decode([...tokens]);
  const at = stops.length === 0 ? -1 : firstStop(text, stops);
  if (at < 0) return { completion: text, numTokens: tokens.length, stopped: false };
  const kept = text.slice(0, at);
  // A prefix covers the kept text once it decodes to it (a character cut mid-bytes decodes to U+FFFD).
  const covers = (n: number) => decode(tokens.slice(0, n)).startsWith(kept);
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (covers(mid)) high = mid;
    else low = mid + 1;
  }
  return { completion: kept, numTokens: low, stopped: true };
}

/** `--stop` as given: a JSON list of strings, or one string (escapes such as \n understood). */
export function parseStopStrings(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new TypeError('a JSON list of non-empty strings');
    }
    if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === 'string' && s.length > 0))
      throw new TypeError('a JSON list of non-empty strings');
    return parsed;
  }
  const unescaped = value.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  if (unescaped.length === 0) throw new TypeError('a non-empty string');
  return [unescaped];
}
