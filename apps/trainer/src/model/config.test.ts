import { describe, expect, it } from 'vitest';
import { PRESETS, resolveConfig } from './config.js';
import { Rng } from './rng.js';

describe('resolveConfig', () => {
  it('applies overrides to a preset and keeps the MLP at 4 x width when only the width changes', () => {
    expect(resolveConfig('tiny', 259, { dModel: 64, nHead: 2 })).toEqual({
      ...PRESETS.tiny,
      vocabSize: 259,
      dModel: 64,
      nHead: 2,
      dMlp: 256,
    });
  });

  it('rejects a width that the heads do not divide', () => {
    expect(() => resolveConfig('tiny', 259, { nHead: 3 })).toThrow(
      'dModel (128) must be divisible by nHead (3)',
    );
  });
});

describe('Rng', () => {
  it('replays the same stream from a seed or from a saved state', () => {
    const a = new Rng(42);
    a.next();
    const saved = a.getState();
    const rest = [a.next(), a.next(), a.int(10)];
    const b = Rng.fromState(saved);
    expect([b.next(), b.next(), b.int(10)]).toEqual(rest);
    expect(new Rng(42).permutation(5)).toEqual(new Rng(42).permutation(5));
    expect(new Rng(1).next()).not.toBe(new Rng(2).next());
  });

  it('shuffles into a permutation', () => {
    expect([...new Rng(3).permutation(10)].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
