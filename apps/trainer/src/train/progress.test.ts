import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress } from './progress.js';

describe('progress line', () => {
  it('shows step, loss, tokens/s, learning rate and ETA', () => {
    const metrics = {
      step: 50,
      loss: 1.5,
      lr: 0.001,
      grad_norm: 1,
      tokens: 1000,
      tokens_per_s: 1234.4,
      elapsed_s: 10,
    };
    expect(formatProgress(metrics, 200, 1.23456, 3725)).toBe(
      '[######..................] step 50/200 | loss 1.2346 | 1234 tok/s | lr 1.00e-3 | ETA 1:02:05',
    );
  });

  it('formats durations as m:ss below an hour', () => {
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(0)).toBe('0:00');
  });
});
