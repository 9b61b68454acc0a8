/** One scored generation, as the verifiers produce it (grouped by problem_id; order is irrelevant). */
export interface ScoredSample {
  problem_id: string;
  correct: boolean;
  score?: number;
  extracted: string | null;
  reason?: string;
  num_tokens?: number;
  chars: number;
  truncated?: boolean;
  /** The verifier judged only the part before the completion ran on into a new question or turn. */
  run_on?: boolean;
}

/** The count, among a report's reasons, of samples judged before a run-on (not exclusive of the others). */
export const RUN_ON_REASON = 'run_on';

export type LengthUnit = 'tokens' | 'chars';

/**
 * Everything the metrics need about one problem, mergeable chunk by chunk and JSON-serialisable.
 * maj@k needs only `answers` and `no_answer`.
 */
export interface ProblemAggregate {
  problem_id: string;
  n: number;
  c: number;
  /** extracted answer -> how many samples gave it, and whether it is correct (every such sample was) */
  answers: { [extracted: string]: { count: number; correct: boolean } };
  /** samples with no extracted answer: they never vote */
  no_answer: number;
  lengths_correct: number[];
  lengths_incorrect: number[];
  /** lengths of truncated samples; null when no sample said whether it was truncated */
  lengths_truncated: number[] | null;
  /** 'tokens' when every sample had num_tokens, else 'chars' */
  length_unit: LengthUnit;
  /**
   * Character counts, kept only while length_unit is 'tokens', so that merging with a chunk
   * without num_tokens can fall back to characters for everything.
   */
  chars_correct?: number[];
  chars_incorrect?: number[];
  chars_truncated?: number[] | null;
  reasons: { [reason: string]: number };
}
