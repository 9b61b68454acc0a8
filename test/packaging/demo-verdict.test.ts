// The sentence `npm start` prints about its two runs, from the /v1/compare answer.
import { describe, expect, it } from 'vitest';
import { comparisonVerdict } from '../../scripts/lib/comparison-verdict.mjs';

const point = (k: number, a: number, b: number, low: number, high: number) => ({
  k,
  a,
  b,
  diff: a - b,
  low,
  high,
});

describe('comparisonVerdict', () => {
  it('says who leads at k = 1 by how much, and where the base catches up', () => {
    const text = comparisonVerdict({
      k: [1, 2, 4, 8, 16],
      points: [point(1, 0.2, 0.1, 0.05, 0.15), point(16, 0.5, 0.6, -0.2, 0)],
      crossover: { behind: 'b', k: 8, low: 4, high: 16 },
    });
    expect(text).toContain('GRPO is ahead at k = 1 by 10.0 points (95% CI 5.0 to 15.0)');
    expect(text).toContain(
      'From k = 8 (95% interval k = 4 to 16) the SFT base is level or ahead: the crossover.',
    );
    expect(text).toContain('At k = 16: GRPO 50.0%, SFT base 60.0%.');
  });

  it('says so when the leader stays ahead, and when the base leads from the start', () => {
    const ahead = comparisonVerdict({
      k: [1, 16],
      points: [point(1, 0.3, 0.1, 0.1, 0.3), point(16, 0.7, 0.5, 0.1, 0.3)],
      crossover: { behind: 'b', k: null, low: null, high: null },
    });
    expect(ahead).toContain('No crossover up to k = 16');
    const behind = comparisonVerdict({
      k: [1, 16],
      points: [point(1, 0.1, 0.2, -0.15, -0.05), point(16, 0.4, 0.6, -0.3, -0.1)],
      crossover: { behind: 'a', k: null, low: null, high: null },
    });
    expect(behind).toContain('The SFT base is ahead at k = 1 by 10.0 points');
  });
});
