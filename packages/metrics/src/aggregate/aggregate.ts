import { assertCount, MetricsError } from '../errors.js';
import { type LengthUnit, type ProblemAggregate, RUN_ON_REASON, type ScoredSample } from './types.js';

/**
 * Groups scored samples by problem_id (problems in order of first appearance). Lengths are token
 * counts when every sample of the batch has num_tokens, else character counts.
 */
export function aggregateSamples(samples: ReadonlyArray<ScoredSample>): ProblemAggregate[] {
  const unit: LengthUnit = samples.every(hasTokens) ? 'tokens' : 'chars';
  const byProblem = new Map<string, ProblemAggregate>();
  for (const sample of samples) {
    checkSample(sample);
    let agg = byProblem.get(sample.problem_id);
    if (!agg) {
      agg = emptyAggregate(sample.problem_id, unit);
      byProblem.set(sample.problem_id, agg);
    }
    addSample(agg, sample);
  }
  return [...byProblem.values()];
}

function emptyAggregate(problemId: string, unit: LengthUnit): ProblemAggregate {
  const agg: ProblemAggregate = {
    problem_id: problemId,
    n: 0,
    c: 0,
    answers: Object.create(null),
    no_answer: 0,
    lengths_correct: [],
    lengths_incorrect: [],
    lengths_truncated: null,
    length_unit: unit,
    reasons: Object.create(null),
  };
  if (unit === 'tokens') {
    agg.chars_correct = [];
    agg.chars_incorrect = [];
    agg.chars_truncated = null;
  }
  return agg;
}

function addSample(agg: ProblemAggregate, sample: ScoredSample): void {
  agg.n++;
  if (sample.correct) agg.c++;
  if (sample.extracted === null || sample.extracted === undefined) {
    agg.no_answer++; // undefined from untyped callers means the same: nothing extracted
  } else {
    const answer = agg.answers[sample.extracted];
    if (answer) {
      answer.count++;
      answer.correct &&= sample.correct;
    } else {
      agg.answers[sample.extracted] = { count: 1, correct: sample.correct };
    }
  }
  if (typeof sample.reason === 'string') agg.reasons[sample.reason] = (agg.reasons[sample.reason] ?? 0) + 1;
  if (sample.run_on === true) agg.reasons[RUN_ON_REASON] = (agg.reasons[RUN_ON_REASON] ?? 0) + 1;
  const length = agg.length_unit === 'tokens' ? (sample.num_tokens as number) : sample.chars;
  (sample.correct ? agg.lengths_correct : agg.lengths_incorrect).push(length);
  if (agg.length_unit === 'tokens')
    (sample.correct ? agg.chars_correct : agg.chars_incorrect)?.push(sample.chars);
  if (sample.truncated !== undefined && sample.truncated !== null) {
    agg.lengths_truncated ??= [];
    if (agg.length_unit === 'tokens') agg.chars_truncated ??= [];
    if (sample.truncated) {
      agg.lengths_truncated.push(length);
      agg.chars_truncated?.push(sample.chars);
    }
  }
}

function checkSample(sample: ScoredSample): void {
  if (typeof sample.problem_id !== 'string') throw new MetricsError('every sample needs a string problem_id');
  if (typeof sample.correct !== 'boolean') {
    throw new MetricsError(`sample of ${sample.problem_id} needs a boolean "correct"`);
  }
  assertCount(sample.chars, `chars of a sample of ${sample.problem_id}`, 0);
  if (hasTokens(sample)) assertCount(sample.num_tokens, `num_tokens of a sample of ${sample.problem_id}`, 0);
}

/** num_tokens given (JSON callers may send null for "unknown"). */
function hasTokens(sample: ScoredSample): sample is ScoredSample & { num_tokens: number } {
  return sample.num_tokens !== undefined && sample.num_tokens !== null;
}

/**
 * Combines two aggregate lists (e.g. two chunks of one upload): the same problem ids add their
 * counts and concatenate their lengths; the others are kept. Inputs are not modified. When one side
 * measured tokens and the other characters, the result is in characters.
 */
export function mergeAggregates(
  a: ReadonlyArray<ProblemAggregate>,
  b: ReadonlyArray<ProblemAggregate>,
): ProblemAggregate[] {
  const unit: LengthUnit = [...a, ...b].every((p) => p.length_unit === 'tokens') ? 'tokens' : 'chars';
  const merged = new Map<string, ProblemAggregate>();
  for (const agg of [...a, ...b]) {
    const into = merged.get(agg.problem_id) ?? emptyAggregate(agg.problem_id, unit);
    merged.set(agg.problem_id, into);
    addAggregate(into, agg);
  }
  return [...merged.values()];
}

function addAggregate(into: ProblemAggregate, from: ProblemAggregate): void {
  into.n += from.n;
  into.c += from.c;
  into.no_answer += from.no_answer;
  for (const [answer, { count, correct }] of Object.entries(from.answers)) {
    const existing = into.answers[answer];
    if (existing) {
      existing.count += count;
      existing.correct &&= correct;
    } else {
      into.answers[answer] = { count, correct };
    }
  }
  for (const [reason, count] of Object.entries(from.reasons)) {
    into.reasons[reason] = (into.reasons[reason] ?? 0) + count;
  }
  const lengths = lengthsIn(from, into.length_unit);
  appendAll(into.lengths_correct, lengths.correct);
  appendAll(into.lengths_incorrect, lengths.incorrect);
  if (lengths.truncated) into.lengths_truncated = appendAll(into.lengths_truncated ?? [], lengths.truncated);
  if (into.length_unit === 'tokens') addCharacters(into, from);
}

/** Keeps the character fallback of a token aggregate complete, or drops it when a part lacks it. */
function addCharacters(into: ProblemAggregate, from: ProblemAggregate): void {
  const complete =
    from.chars_correct !== undefined &&
    from.chars_incorrect !== undefined &&
    (from.lengths_truncated === null || Array.isArray(from.chars_truncated));
  if (!complete || !into.chars_correct || !into.chars_incorrect) {
    delete into.chars_correct;
    delete into.chars_incorrect;
    delete into.chars_truncated;
    return;
  }
  appendAll(into.chars_correct, from.chars_correct ?? []);
  appendAll(into.chars_incorrect, from.chars_incorrect ?? []);
  if (from.chars_truncated)
    into.chars_truncated = appendAll(into.chars_truncated ?? [], from.chars_truncated);
}

/** push(...source) without the argument-count limit of spreading a long array. */
function appendAll(target: number[], source: ReadonlyArray<number>): number[] {
  for (const value of source) target.push(value);
  return target;
}

/** An aggregate's lengths in the requested unit (characters are kept alongside tokens). */
export function lengthsIn(
  agg: ProblemAggregate,
  unit: LengthUnit,
): { correct: number[]; incorrect: number[]; truncated: number[] | null } {
  if (unit === agg.length_unit) {
    return {
      correct: agg.lengths_correct,
      incorrect: agg.lengths_incorrect,
      truncated: agg.lengths_truncated,
    };
  }
  if (unit === 'tokens' || !agg.chars_correct || !agg.chars_incorrect) {
    throw new MetricsError(
      `problem ${agg.problem_id} has lengths in ${agg.length_unit} only; cannot report them in ${unit}`,
    );
  }
  return {
    correct: agg.chars_correct,
    incorrect: agg.chars_incorrect,
    truncated: agg.lengths_truncated === null ? null : charsTruncated(agg),
  };
}

function charsTruncated(agg: ProblemAggregate): number[] {
  if (!agg.chars_truncated) {
    throw new MetricsError(`problem ${agg.problem_id} has truncated lengths in tokens only`);
  }
  return agg.chars_truncated;
}
