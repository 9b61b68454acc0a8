import { buildReport } from '@crossover/metrics';
import { VerifierOptionError, verify } from '@crossover/verifiers';
import { describe, expect, it } from 'vitest';
import {
  clipCompletion,
  EXAMPLE_CHARS,
  EXAMPLES_PER_PAIR,
  ModeTally,
  mergeModeTallies,
  modeList,
  modeScores,
  rankedDisagreements,
} from './modes.js';
import type { GenerationRecord } from './records.js';
import { scoreRecord, scoringContext } from './score.js';

const MODES = ['auto', 'strict', 'lm-eval-strict'];

/** Problem p has 4 samples: "#### gold" p % 3 times, then "The answer is gold." once, then wrong. */
function records(problems: number): GenerationRecord[] {
  const out: GenerationRecord[] = [];
  for (let p = 0; p < problems; p++) {
    const gold = String(10 + p);
    const reference = { answer: gold };
    for (let s = 0; s < 4; s++) {
      const completion =
        s < p % 3 ? `Adding up. #### ${gold}` : s === p % 3 ? `The answer is ${gold}.` : '#### 0';
      out.push({ problem_id: `q${p}`, completion, reference });
    }
  }
  return out;
}

function tallyOf(list: readonly GenerationRecord[]): ModeTally {
  const tally = new ModeTally(MODES);
  for (const record of list) {
    const verdicts = MODES.map((mode) => verify('gsm8k', record.completion, record.reference, { mode }));
    tally.add(record.problem_id!, record.completion, verdicts);
  }
  return tally;
}

describe('modeList', () => {
  it('takes all, or a comma list kept in the task order', () => {
    expect(modeList('countdown', 'all')).toEqual(['exact', 'tinyzero', 'minir1', 'minir1-format']);
    expect(modeList('gsm8k', 'strict, auto,strict')).toEqual(['auto', 'strict']);
  });
  it('names an unknown mode', () => {
    expect(() => modeList('gsm8k', 'auto,exact')).toThrow(VerifierOptionError);
    expect(() => modeList('gsm8k', 'auto,exact')).toThrow(/"exact"/);
  });
});

describe('ModeTally', () => {
  const list = records(12);
  const data = tallyOf(list).toData();

  it("counts each mode's correct samples per problem as its own Report does", () => {
    expect(data.problems).toHaveLength(12);
    expect(data.n).toEqual(new Array(12).fill(4));
    for (const mode of MODES) {
      const context = scoringContext('gsm8k', mode, null);
      const samples = list.map((record, i) => scoreRecord(context, record, i).sample);
      const report = buildReport({ task: 'gsm8k', mode, taskset: null, samples, k: [1, 2, 4] });
      const [scores] = modeScores({ ...data, modes: [mode] }, [1, 2, 4]);
      expect(scores!.pass_at_k).toEqual(report.pass_at_k);
      expect(scores!.pass_at_k_ci).toEqual(report.pass_at_k_ci);
      expect(scores!.reasons).toEqual(report.reasons);
    }
    // "The answer is N." counts under auto only: strict modes need "#### N".
    expect(data.correct.auto).toEqual(data.problems.map((_, p) => (p % 3) + 1));
    expect(data.correct.strict).toEqual(data.problems.map((_, p) => p % 3));
  });

  it('lists each pair that disagrees, with counts and a few examples', () => {
    const autoStrict = data.disagreements.find((d) => d.modes.join() === 'auto,strict')!;
    expect(autoStrict.samples).toBe(12);
    expect(autoStrict).toMatchObject({ only_first: 12, only_second: 0 });
    expect(autoStrict.examples).toHaveLength(EXAMPLES_PER_PAIR);
    expect(autoStrict.examples[0]).toEqual({
      problem_id: 'q0',
      completion: 'The answer is 10.',
      judgements: [
        { correct: true, extracted: '10', reason: 'correct' },
        expect.objectContaining({ correct: false }),
      ],
    });
    // strict and lm-eval-strict agree on every sample here, so that pair is absent.
    expect(data.disagreements.map((d) => d.modes.join())).toEqual(['auto,strict', 'auto,lm-eval-strict']);
    expect(rankedDisagreements(data)[0]!.samples).toBe(12);
  });

  it('merges chunk tallies into the tally of the whole, examples in chunk order', () => {
    const chunks = [list.slice(0, 7), list.slice(7, 30), list.slice(30)];
    const merged = mergeModeTallies(chunks.map((chunk) => tallyOf(chunk).toData()));
    expect(merged).toEqual(data);
  });

  it('refuses to merge tallies of different modes', () => {
    const other = new ModeTally(['auto']).toData();
    expect(() => mergeModeTallies([data, other])).toThrow(/different modes/);
  });
});

describe('clipCompletion', () => {
  it('keeps short completions and the two ends of long ones', () => {
    expect(clipCompletion('#### 5')).toBe('#### 5');
    const long = `${'a'.repeat(1000)}#### 42`;
    const clipped = clipCompletion(long);
    expect(clipped.length).toBeLessThanOrEqual(EXAMPLE_CHARS);
    expect(clipped.endsWith('#### 42')).toBe(true);
    expect(clipped.startsWith('aaa')).toBe(true);
  });
});
