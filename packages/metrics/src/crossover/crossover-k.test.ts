import { describe, expect, it } from 'vitest';
import { MetricsError } from '../errors.js';
import { crossoverK } from './crossover-k.js';

describe('crossoverK', () => {
  const ks = [1, 2, 4, 8];

  it('finds the first k at which the run behind at k = 1 is ahead', () => {
    expect(crossoverK(ks, [0.6, 0.7, 0.75, 0.78], [0.3, 0.5, 0.8, 0.9])).toEqual({ behind: 'b', k: 4 });
    expect(crossoverK(ks, [0.1, 0.5, 0.9, 0.95], [0.3, 0.5, 0.6, 0.7])).toEqual({ behind: 'a', k: 2 });
  });

  it('counts a tie as catching up, and says when there is no crossover', () => {
    expect(crossoverK(ks, [0.6, 0.7, 0.8, 0.9], [0.3, 0.5, 0.8, 0.8])).toEqual({ behind: 'b', k: 4 });
    expect(crossoverK(ks, [0.6, 0.7, 0.8, 0.9], [0.3, 0.5, 0.6, 0.7])).toEqual({ behind: 'b', k: null });
    expect(crossoverK(ks, [0.3, 0.7, 0.8, 0.9], [0.3, 0.5, 0.6, 0.7])).toEqual({ behind: null, k: null });
  });

  it('needs one value per k', () => {
    expect(() => crossoverK(ks, [0.1], [0.2])).toThrow(MetricsError);
  });
});
