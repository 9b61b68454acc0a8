// A small seeded generator (mulberry32): the same seed gives the same stream on every platform, which
// is all the Countdown generator needs; it is not for anything security-related.

export interface Random {
  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** A uniform integer in [min, max], both inclusive, without modulo bias. */
  integer(min: number, max: number): number;
}

export function seededRandom(seed: number): Random {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  }
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const integer = (min: number, max: number): number => {
    const span = max - min + 1;
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || span < 1 || span > 2 ** 32) {
      throw new RangeError(`bad integer range [${min}, ${max}]`);
    }
    // Rejection sampling: drop the top sliver of the 32-bit range that would favour small values.
    const limit = 2 ** 32 - (2 ** 32 % span);
    let draw = nextUint32();
    while (draw >= limit) draw = nextUint32();
    return min + (draw % span);
  };
  return { nextUint32, integer };
}
