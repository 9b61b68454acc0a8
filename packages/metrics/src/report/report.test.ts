import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateSamples, mergeAggregates } from '../aggregate/aggregate.js';
import type { ScoredSample } from '../aggregate/types.js';
import { MetricsError } from '../errors.js';
import { curveOf } from './curve.js';
import { buildReport, reportFromAggregates } from './report.js';

const sample = (
  problem_id: string,
  extracted: string | null,
  correct: boolean,
  num_tokens: number | undefined,
  extra: Partial<ScoredSample> = {},
): ScoredSample => ({
  problem_id,
  extracted,
  correct,
  reason: correct ? 'correct' : extracted === null ? 'no_answer' : 'wrong_answer',
  chars: 4 * (num_tokens ?? 5),
  ...(num_tokens === undefined ? {} : { num_tokens }),
  ...extra,
});

const samples: ScoredSample[] = [
  sample('p1', '18', true, 10),
  sample('p2', '5', false, 12),
  sample('p1', '17', false, 30),
  sample('p1', null, false, 40, { truncated: true }),
  sample('p2', '5', false, 14),
  sample('p1', '18', true, 20),
  sample('p2', '6', true, 8),
  sample('p2', '5', false, 16),
];
const meta = { task: 'gsm8k', mode: 'strict', taskset: null };

describe('buildReport', () => {
  const report = buildReport({ ...meta, samples, detail: true });

  it('computes every metric of a hand-checked example', () => {
    expect(report).toMatchObject({
      task: 'gsm8k',
      mode: 'strict',
      taskset: null,
      n_problems: 2,
      n_samples: 8,
      samples_per_problem: { min: 4, max: 4, mean: 4 },
      k: [1, 2, 4],
      coverage: 1,
      reasons: { correct: 3, wrong_answer: 4, no_answer: 1 },
    });
    expect(report.pass_at_k['1']).toBe(0.375);
    expect(report.pass_at_k['2']).toBeCloseTo((5 / 6 + 1 / 2) / 2, 15);
    expect(report.pass_at_k['4']).toBe(1);
    expect(report.pass_hat_k['1']).toBeCloseTo(0.375, 15);
    expect(report.pass_hat_k['2']).toBeCloseTo(1 / 12, 15);
    expect(report.pass_hat_k['4']).toBe(0);
    expect(report.maj_at_k['1']).toBeCloseTo(0.375, 14);
    expect(report.maj_at_k['2']).toBeCloseTo(11 / 24, 14);
    expect(report.maj_at_k['4']).toBe(0.5);
  });

  it('gives the uncertainty of pass@k', () => {
    const ci = report.pass_at_k_ci;
    expect(ci['1']?.se_problem).toBeCloseTo(0.125, 15);
    expect(ci['1']?.se_sampling).toBeCloseTo(Math.sqrt(1 / 12 + 1 / 16) / 2, 15);
    expect(ci['2']?.se_sampling).toBeCloseTo(Math.sqrt(10) / 12, 15);
    expect(ci['4']?.se_sampling).toBeNull();
    expect(ci['1']).toMatchObject({ low: 0.25, high: 0.5 });
    expect(ci['4']).toMatchObject({ se_problem: 0, low: 1, high: 1 });
  });

  it('reports lengths of correct, incorrect and truncated answers in tokens', () => {
    expect(report.lengths).toEqual({
      unit: 'tokens',
      correct: { count: 3, mean: 38 / 3, median: 10, p90: 18 },
      incorrect: { count: 5, mean: 22.4, median: 16, p90: 36 },
      truncated: { count: 1, mean: 40, median: 40, p90: 40 },
    });
  });

  it('lists per-problem rows on request', () => {
    expect(report.per_problem).toEqual([
      {
        problem_id: 'p1',
        n: 4,
        c: 2,
        pass_at_k: { '1': 0.5, '2': report.per_problem?.[0]?.pass_at_k['2'], '4': 1 },
        maj_answer: '18',
        mean_length_correct: 15,
        mean_length_incorrect: 35,
      },
      {
        problem_id: 'p2',
        n: 4,
        c: 1,
        pass_at_k: { '1': 0.25, '2': 0.5, '4': 1 },
        maj_answer: '5',
        mean_length_correct: 8,
        mean_length_incorrect: 14,
      },
    ]);
    expect(report.per_problem?.[0]?.pass_at_k['2']).toBeCloseTo(5 / 6, 15);
    expect(buildReport({ ...meta, samples }).per_problem).toBeUndefined();
  });

  it('falls back to characters when a sample has no num_tokens, and to null truncation when unknown', () => {
    const mixed = [...samples.slice(0, 3), sample('p1', '18', true, undefined), ...samples.slice(4)];
    const lengths = buildReport({ ...meta, samples: mixed.filter((s) => s.truncated === undefined) }).lengths;
    expect(lengths.unit).toBe('chars');
    expect(lengths.truncated).toBeNull();
    // chars of the four correct answers: 40, 20 (no num_tokens), 80, 32
    expect(lengths.correct).toEqual({ count: 4, mean: 43, median: 36, p90: 68 });
  });

  it('reads null num_tokens, truncated and reason from JSON callers as absent', () => {
    const fromJson = JSON.parse(
      '[{"problem_id":"a","correct":true,"extracted":"1","chars":10,"num_tokens":null,"truncated":null,"reason":null}]',
    );
    const report = buildReport({ ...meta, samples: fromJson });
    expect(report.lengths).toMatchObject({ unit: 'chars', correct: { count: 1, mean: 10 }, truncated: null });
    expect(report.reasons).toEqual({});
  });

  it('uses the given ks, sorted, and is deterministic for a bootstrap seed', () => {
    const custom = buildReport({ ...meta, samples, k: [2, 1], bootstrap: { resamples: 200, seed: 5 } });
    expect(custom.k).toEqual([1, 2]);
    expect(Object.keys(custom.pass_at_k)).toEqual(['1', '2']);
    expect(buildReport({ ...meta, samples, k: [2, 1], bootstrap: { resamples: 200, seed: 5 } })).toEqual(
      custom,
    );
  });

  it('rejects k above the smallest n with a clear message, and empty input', () => {
    const ragged = [...samples, sample('p3', '1', true, 3), sample('p3', '2', false, 3)];
    expect(buildReport({ ...meta, samples: ragged }).k).toEqual([1, 2]);
    expect(() => buildReport({ ...meta, samples: ragged, k: [4] })).toThrow(MetricsError);
    expect(() => buildReport({ ...meta, samples: ragged, k: [4] })).toThrow(
      'k=4 exceeds the smallest number of samples per problem, n=2 (problem p3)',
    );
    expect(() => buildReport({ ...meta, samples: [] })).toThrow(MetricsError);
  });
});

describe('aggregates', () => {
  it('merging chunks gives the same report as scoring everything at once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: samples.length }), (cut) => {
        const chunked = mergeAggregates(
          aggregateSamples(samples.slice(0, cut)),
          aggregateSamples(samples.slice(cut)),
        );
        const stored = JSON.parse(JSON.stringify(chunked));
        const expected = buildReport({ ...meta, samples, detail: true });
        expect(reportFromAggregates(stored, { ...meta, detail: true })).toEqual(expected);
      }),
    );
  });

  it('adds counts and concatenates lengths of the same problem', () => {
    const [merged] = mergeAggregates(
      aggregateSamples(samples.slice(0, 2)),
      aggregateSamples(samples.slice(2, 4)),
    );
    expect(merged).toEqual({
      problem_id: 'p1',
      n: 3,
      c: 1,
      answers: { '18': { count: 1, correct: true }, '17': { count: 1, correct: false } },
      no_answer: 1,
      lengths_correct: [10],
      lengths_incorrect: [30, 40],
      lengths_truncated: [40],
      length_unit: 'tokens',
      chars_correct: [40],
      chars_incorrect: [120, 160],
      chars_truncated: [160],
      reasons: { correct: 1, wrong_answer: 1, no_answer: 1 },
    });
  });

  it('merges a token chunk with a character chunk in characters', () => {
    const withoutTokens = samples.map(({ num_tokens: _, ...rest }) => rest);
    const merged = mergeAggregates(
      aggregateSamples(samples.slice(0, 4)),
      aggregateSamples(withoutTokens.slice(4)),
    );
    const report = reportFromAggregates(merged, meta);
    expect(report.lengths).toEqual(buildReport({ ...meta, samples: withoutTokens }).lengths);
    expect(report.lengths.unit).toBe('chars');
  });

  it('keeps answers named like Object.prototype members as plain data', () => {
    const odd = [sample('q', '__proto__', true, 1), sample('q', 'constructor', false, 1)];
    const [agg] = JSON.parse(JSON.stringify(aggregateSamples(odd)));
    expect(Object.keys(agg.answers)).toEqual(['__proto__', 'constructor']);
    const report = reportFromAggregates(mergeAggregates([agg], [agg]), { ...meta, detail: true });
    // pairs of 2 x '__proto__' (right) and 2 x 'constructor': one win, four even ties, one loss
    expect(report.maj_at_k['2']).toBeCloseTo(3 / 6, 14);
    expect(report.per_problem?.[0]?.maj_answer).toBe('__proto__');
  });

  it('rejects inconsistent aggregates', () => {
    const [agg] = aggregateSamples(samples);
    expect(() => reportFromAggregates([{ ...agg!, no_answer: 3 }], meta)).toThrow(/answer counts/);
    expect(() => reportFromAggregates([agg!, agg!], meta)).toThrow(/appears twice/);
  });
});

describe('curveOf', () => {
  it('averages pass@k over problems at every k up to the smallest n, or at given ks', () => {
    const problems = [
      { n: 4, c: 2 },
      { n: 6, c: 0 },
    ];
    const full = curveOf(problems);
    expect(full.k).toEqual([1, 2, 3, 4]);
    expect(full.pass_at_k[0]).toBeCloseTo(0.25, 15);
    expect(full.pass_at_k[1]).toBeCloseTo(5 / 12, 15);
    expect(full.pass_at_k[3]).toBe(0.5);
    expect(curveOf(problems, [4, 2])).toEqual({ k: [2, 4], pass_at_k: [full.pass_at_k[1], 0.5] });
    expect(() => curveOf(problems, [5])).toThrow(MetricsError);
  });
});
