// The boxed GSM8K reward of the verl2llm fork (verl's reward_score/math.py applied to GSM8K): the last
// `\boxed` (else `\fbox`) with balanced braces, or, when the text contains `\boxed ` with a space, the
// text after the last such one up to the next `$`; remove_boxed, then MATH's is_equiv against the
// comma-free gold. No `####` path and no numeric comparison.
import { type Verdict, verdict } from '../verdict.js';
import { mathIsEquiv } from './math-normalize.js';
import { lastIndexOf } from './search.js';

/** verl's last_boxed_only_string: the boxed expression including `\boxed{`...`}`, or null. */
export function lastBoxedOnlyString(text: string): string | null {
  const spaced = lastIndexOf(text, '\\boxed ');
  if (spaced >= 0) {
    const rest = text.slice(spaced + 7);
    const dollar = rest.indexOf('$');
    return `\\boxed ${dollar < 0 ? rest : rest.slice(0, dollar)}`;
  }
  let index = lastIndexOf(text, '\\boxed');
  if (index < 0) index = lastIndexOf(text, '\\fbox');
  if (index < 0) return null;
  let open = 0;
  for (let i = index; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 123) open++;
    else if (code === 125 && --open === 0) return text.slice(index, i + 1);
  }
  return null;
}

/** verl's remove_boxed, or null where its asserts fail (an `\fbox`, or `\boxed` not followed by `{`). */
export function removeBoxed(boxed: string): string | null {
  if (boxed.includes('\\boxed ')) return boxed.startsWith('\\boxed ') ? boxed.slice(7) : null;
  if (!boxed.startsWith('\\boxed{') || !boxed.endsWith('}')) return null;
  return boxed.slice(7, -1);
}

export function verifyVerl2llmBoxed(completion: string, gold: string): Verdict {
  const boxed = lastBoxedOnlyString(completion);
  if (boxed === null) return verdict(false, 0, false, null, 'no_answer');
  const answer = removeBoxed(boxed);
  if (answer === null) return verdict(false, 0, false, boxed, 'malformed');
  const correct = mathIsEquiv(answer, gold);
  return verdict(correct, correct ? 1 : 0, true, boxed, correct ? 'correct' : 'wrong_answer');
}
