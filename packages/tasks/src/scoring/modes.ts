import { type PassAtKEstimates, passAtKEstimates } from '@crossover/metrics';
import { modesFor, type Task, type Verdict, VerifierOptionError } from '@crossover/verifiers';

/** `--modes all`: every mode of the task. */
export const ALL_MODES = 'all';

/** Example completions kept per pair of modes that disagree. */
export const EXAMPLES_PER_PAIR = 3;

/** Example completions are cut to this many characters (the start and the end, where answers are). */
export const EXAMPLE_CHARS = 600;

/** The modes to score under: `all`, or a comma list of the task's modes, in the task's order. */
export function modeList(task: Task, spec: string): string[] {
  const known = modesFor(task);
  if (spec.trim() === ALL_MODES) return [...known];
  const asked = spec.split(',').map((mode) => mode.trim());
  const unknown = asked.find((mode) => !known.includes(mode));
  if (unknown !== undefined)
    throw new VerifierOptionError(
      `unknown ${task} mode ${JSON.stringify(unknown)} in ${JSON.stringify(spec)}; expected ${ALL_MODES} ` +
        `or a comma list of ${known.join(', ')}`,
    );
  return known.filter((mode) => asked.includes(mode));
}

export interface ModeJudgement {
  correct: boolean;
  extracted: string | null;
  reason: string;
}

export interface DisagreementExample {
  problem_id: string;
  /** the completion, cut to EXAMPLE_CHARS */
  completion: string;
  /** the two modes' verdicts, in the pair's order */
  judgements: [ModeJudgement, ModeJudgement];
}

/** Two modes that judged some samples differently. */
export interface ModeDisagreement {
  modes: [string, string];
  /** samples the two modes judged differently */
  samples: number;
  /** of those, the ones only the first mode (only the second) counted correct */
  only_first: number;
  only_second: number;
  examples: DisagreementExample[];
}

/**
 * What every mode said of a set of samples, small enough to store per queue chunk and mergeable: per problem
 * the sample count and each mode's correct count (aligned with `problems`), each mode's reasons, and the pairs
 * of modes that disagreed.
 */
export interface ModeTallyData {
  modes: string[];
  problems: string[];
  n: number[];
  correct: { [mode: string]: number[] };
  reasons: { [mode: string]: { [reason: string]: number } };
  /** pairs with at least one disagreement, in the order of `modes` */
  disagreements: ModeDisagreement[];
}

/** Counts every mode's verdicts on samples added one at a time. */
export class ModeTally {
  private readonly index = new Map<string, number>();
  private readonly data: ModeTallyData;
  private readonly pairs = new Map<string, ModeDisagreement>();

  constructor(readonly modes: readonly string[]) {
    this.data = emptyTally(modes);
  }

  /** One sample: its verdict under each mode, aligned with `modes`. */
  add(problemId: string, completion: string, verdicts: readonly Verdict[]): void {
    const { data } = this;
    let p = this.index.get(problemId);
    if (p === undefined) {
      p = data.problems.length;
      this.index.set(problemId, p);
      data.problems.push(problemId);
      data.n.push(0);
      for (const mode of this.modes) data.correct[mode]!.push(0);
    }
    data.n[p]!++;
    verdicts.forEach((verdict, m) => {
      const mode = this.modes[m]!;
      if (verdict.correct) data.correct[mode]![p]!++;
      const reasons = data.reasons[mode]!;
      reasons[verdict.reason] = (reasons[verdict.reason] ?? 0) + 1;
    });
    this.addDisagreements(problemId, completion, verdicts);
  }

  private addDisagreements(problemId: string, completion: string, verdicts: readonly Verdict[]): void {
    for (let i = 0; i < verdicts.length; i++) {
      for (let j = i + 1; j < verdicts.length; j++) {
        const first = verdicts[i]!;
        const second = verdicts[j]!;
        if (first.correct === second.correct) continue;
        const pair = this.pair(i, j);
        pair.samples++;
        if (first.correct) pair.only_first++;
        else pair.only_second++;
        if (pair.examples.length < EXAMPLES_PER_PAIR)
          pair.examples.push({
            problem_id: problemId,
            completion: clipCompletion(completion),
            judgements: [judgement(first), judgement(second)],
          });
      }
    }
  }

  private pair(i: number, j: number): ModeDisagreement {
    const key = `${i}:${j}`;
    let pair = this.pairs.get(key);
    if (!pair) {
      pair = {
        modes: [this.modes[i]!, this.modes[j]!],
        samples: 0,
        only_first: 0,
        only_second: 0,
        examples: [],
      };
      this.pairs.set(key, pair);
    }
    return pair;
  }

  /** The tally as plain JSON data, pairs in the order of `modes`. */
  toData(): ModeTallyData {
    const order = (pair: ModeDisagreement) => pairOrder(this.modes, pair);
    return { ...this.data, disagreements: [...this.pairs.values()].sort((a, b) => order(a) - order(b)) };
  }
}

function emptyTally(modes: readonly string[]): ModeTallyData {
  const correct: ModeTallyData['correct'] = {};
  const reasons: ModeTallyData['reasons'] = {};
  for (const mode of modes) {
    correct[mode] = [];
    reasons[mode] = {};
  }
  return { modes: [...modes], problems: [], n: [], correct, reasons, disagreements: [] };
}

function pairOrder(modes: readonly string[], pair: ModeDisagreement): number {
  return modes.indexOf(pair.modes[0]) * modes.length + modes.indexOf(pair.modes[1]);
}

function judgement(verdict: Verdict): ModeJudgement {
  return { correct: verdict.correct, extracted: verdict.extracted, reason: verdict.reason };
}

/** The start and the end of a long completion, where the reasoning begins and the answer usually is. */
export function clipCompletion(text: string): string {
  if (text.length <= EXAMPLE_CHARS) return text;
  const half = Math.floor((EXAMPLE_CHARS - 3) / 2);
  return `${text.slice(0, half)} … ${text.slice(text.length - half)}`;
}

/**
 * Merges tallies of parts of one set of samples (queue chunks), in order: counts of the same problem add up,
 * examples are the first EXAMPLES_PER_PAIR in part order. Every tally must list the same modes.
 */
export function mergeModeTallies(tallies: readonly ModeTallyData[]): ModeTallyData {
  const [first] = tallies;
  if (!first) throw new RangeError('mergeModeTallies needs at least one tally');
  const modes = first.modes;
  const merged = emptyTally(modes);
  const index = new Map<string, number>();
  const pairs = new Map<string, ModeDisagreement>();
  for (const tally of tallies) {
    if (tally.modes.join(',') !== modes.join(','))
      throw new RangeError(`tallies list different modes: ${modes.join(',')} vs ${tally.modes.join(',')}`);
    tally.problems.forEach((id, p) => {
      let into = index.get(id);
      if (into === undefined) {
        into = merged.problems.length;
        index.set(id, into);
        merged.problems.push(id);
        merged.n.push(0);
        for (const mode of modes) merged.correct[mode]!.push(0);
      }
      merged.n[into]! += tally.n[p]!;
      for (const mode of modes) merged.correct[mode]![into]! += tally.correct[mode]![p]!;
    });
    for (const mode of modes) {
      for (const [reason, count] of Object.entries(tally.reasons[mode]!))
        merged.reasons[mode]![reason] = (merged.reasons[mode]![reason] ?? 0) + count;
    }
    for (const pair of tally.disagreements) addPair(pairs, pair);
  }
  merged.disagreements = [...pairs.values()].sort((a, b) => pairOrder(modes, a) - pairOrder(modes, b));
  return merged;
}

function addPair(pairs: Map<string, ModeDisagreement>, pair: ModeDisagreement): void {
  const key = pair.modes.join('\u0000');
  const into = pairs.get(key);
  if (!into) {
    pairs.set(key, { ...pair, modes: [...pair.modes], examples: [...pair.examples] });
    return;
  }
  into.samples += pair.samples;
  into.only_first += pair.only_first;
  into.only_second += pair.only_second;
  for (const example of pair.examples)
    if (into.examples.length < EXAMPLES_PER_PAIR) into.examples.push(example);
}

/** Each mode's pass@k (with the Report's intervals), coverage and reasons, from a tally's counts. */
export interface ModeScores extends PassAtKEstimates {
  mode: string;
  reasons: { [reason: string]: number };
}

/** Every mode's scores at the given ks (each at most the smallest n of the tally's problems). */
export function modeScores(tally: ModeTallyData, ks: readonly number[]): ModeScores[] {
  return tally.modes.map((mode) => {
    const correct = tally.correct[mode]!;
    const counts = tally.problems.map((id, p) => ({ problem_id: id, n: tally.n[p]!, c: correct[p]! }));
    return { mode, ...passAtKEstimates(counts, ks), reasons: { ...tally.reasons[mode] } };
  });
}

/** The disagreements, the largest first (ties keep the order of `modes`). */
export function rankedDisagreements(tally: ModeTallyData): ModeDisagreement[] {
  return [...tally.disagreements].sort((a, b) => b.samples - a.samples);
}
