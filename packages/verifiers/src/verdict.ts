/** Why a completion got the verdict it got; a closed set so that reports can count them. */
export const REASONS = [
  'correct',
  'wrong_answer',
  'no_answer',
  'malformed',
  'numbers_mismatch',
  'invalid_expression',
  'division_by_zero',
  'too_long',
  'invalid_reference',
] as const;

export type Reason = (typeof REASONS)[number];

export interface Verdict {
  /** True only for a full-credit answer. */
  correct: boolean;
  /** The mode's own scale: 1/0, or 1/0.1/0 for TinyZero's Countdown reward. */
  score: number;
  /** Whether the answer was found where the mode's format says it should be. */
  format_ok: boolean;
  /**
   * What the mode extracted (canonical number for Crossover's GSM8K modes, the equation for Countdown,
   * the reference's own extracted string for reproduction modes), or null when nothing was found.
   * Never longer than MAX_EXTRACTED_LENGTH.
   */
  extracted: string | null;
  reason: Reason;
  /**
   * Set (true) when the completion ran on past its answer into a new question or turn and only the part
   * before that was judged (Crossover's own GSM8K modes).
   */
  run_on?: true;
}

/** Extracted strings are cut to this length so that a hostile completion cannot blow up a report. */
export const MAX_EXTRACTED_LENGTH = 256;

export function clipExtracted(text: string | null): string | null {
  if (text === null || text.length <= MAX_EXTRACTED_LENGTH) return text;
  return `${text.slice(0, MAX_EXTRACTED_LENGTH - 1)}…`;
}

export function verdict(
  correct: boolean,
  score: number,
  formatOk: boolean,
  extracted: string | null,
  reason: Reason,
): Verdict {
  return { correct, score, format_ok: formatOk, extracted: clipExtracted(extracted), reason };
}

export function invalidReference(message: string): Verdict {
  return verdict(false, 0, false, message, 'invalid_reference');
}
