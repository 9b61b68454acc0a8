// Base models keep writing after their answer: a new "Question: …" with its own "#### N", or a chat
// template's end-of-turn token followed by more text. Crossover's own modes judge the answer given before
// such a run-on, so the base model (whose large-k curve decides the crossover) is not marked wrong for the
// question it went on to invent.

/** Where a completion has run on into a new turn (lm-evaluation-harness's usual `until` strings). */
export const DEFAULT_RUN_ON_MARKERS: readonly string[] = [
  'Question:',
  'Q:',
  '</s>',
  '<|im_end|>',
  '<|endoftext|>',
];

/**
 * Marker occurrences tried, in order, before the whole text is judged instead. Each try scans a prefix once,
 * so a completion made of markers costs a bounded multiple of its length.
 */
const MAX_CUTS_TRIED = 4;

/**
 * The positions where the completion may have run on: each marker occurrence past the start, in text
 * order. A marker at the very start (after whitespace) is a question restated before the answer, not a
 * run-on, and is skipped.
 */
export function runOnCuts(completion: string, markers: readonly string[]): number[] {
  let start = 0;
  while (start < completion.length && /\s/.test(completion[start] as string)) start++;
  const cuts = new Set<number>();
  for (const marker of markers) {
    if (marker.length === 0) continue;
    let at = completion.indexOf(marker, start + 1);
    let found = 0;
    while (at >= 0 && found < MAX_CUTS_TRIED) {
      cuts.add(at);
      found++;
      at = completion.indexOf(marker, at + marker.length);
    }
  }
  return [...cuts].sort((a, b) => a - b).slice(0, MAX_CUTS_TRIED);
}

/**
 * The part of the completion to judge: the text before the first run-on whose prefix holds an answer in
 * the mode's format, else before the first whose prefix holds any answer, else the whole completion.
 * `judge` says what the mode finds in a text.
 */
export function beforeRunOn(
  completion: string,
  markers: readonly string[],
  judge: (text: string) => 'formatted' | 'unformatted' | 'none',
): { text: string; ranOn: boolean } {
  const cuts = runOnCuts(completion, markers);
  let fallback: number | null = null;
  for (const cut of cuts) {
    const found = judge(completion.slice(0, cut));
    if (found === 'formatted') return { text: completion.slice(0, cut), ranOn: true };
    if (found === 'unformatted' && fallback === null) fallback = cut;
  }
  // An answer only after every cut (in format) still counts: the model may have restated a question
  // mid-solution before answering it.
  if (cuts.length > 0 && judge(completion) === 'formatted') return { text: completion, ranOn: false };
  if (fallback !== null) return { text: completion.slice(0, fallback), ranOn: true };
  return { text: completion, ranOn: false };
}
