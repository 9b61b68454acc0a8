import { describe, expect, it } from 'vitest';
import { csvField, type LeaderboardEntry, leaderboardCsv } from './leaderboard.js';

const entry: LeaderboardEntry = {
  rank: 1,
  run_id: 'run_0123456789abcdef0123',
  model: 'org/model, "v2"',
  base_model: '=HYPERLINK("x")',
  method: 'grpo',
  step: null,
  created_at: '2026-01-01T00:00:00.000Z',
  pass_at_1: 0.5,
  k: 8,
  pass_at_k: 0.75,
  ci_low: 0.6,
  ci_high: 0.9,
  length_unit: 'tokens',
  mean_length_correct: 120,
  mean_length_incorrect: 300.5,
  samples_per_problem_min: 8,
  samples_per_problem_max: 8,
  mode: 'auto',
  temperature: 1,
  top_p: 0.95,
  max_tokens: 512,
  prompt_template: 'gsm8k-base',
  model_revision: null,
  generator: 'vllm 0.8.5',
};

describe('csvField', () => {
  it("defuses every formula start on OWASP's list, and leaves numbers and plain text alone", () => {
    for (const text of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', ' =1', '  @x', '\tplain', '\rplain'])
      expect(csvField(text).replace(/^"|"$/g, '').startsWith("'")).toBe(true);
    expect(csvField(-1)).toBe('-1');
    expect(csvField('model a')).toBe('model a');
    expect(csvField(' model')).toBe(' model');
  });
});

describe('leaderboardCsv', () => {
  it('quotes separators and defuses spreadsheet formulas', () => {
    const [header, row] = leaderboardCsv([entry]).split('\r\n');
    expect(header?.split(',')).toHaveLength(24);
    expect(row).toBe(
      '1,run_0123456789abcdef0123,"org/model, ""v2""","\'=HYPERLINK(""x"")",grpo,,2026-01-01T00:00:00.000Z,0.5,8,0.75,0.6,0.9,tokens,120,300.5,8,8,auto,1,0.95,512,gsm8k-base,,vllm 0.8.5',
    );
  });
});
