import { describe, expect, it } from 'vitest';
import { Rng } from '../model/rng.js';
import { argmax, pickToken } from './pick.js';

/** Nucleus sampling by a full sort of the vocabulary: what pickToken must equal for top-p < 1. */
function sortedNucleus(logits: Float32Array, temperature: number, topP: number, rng: Rng): number {
  const max = Math.max(...logits);
  const probs = Array.from(logits, (l) => Math.exp((l - max) / temperature));
  const total = probs.reduce((a, b) => a + b, 0);
  const order = probs.map((_, v) => v).sort((a, b) => (probs[b] as number) - (probs[a] as number) || a - b);
  let kept = 0;
  let keptMass = 0;
  while (kept < order.length && (kept === 0 || keptMass < topP * total))
    keptMass += probs[order[kept++] as number] as number;
  let u = rng.next() * keptMass;
  for (let i = 0; i < kept; i++) {
    u -= probs[order[i] as number] as number;
    if (u < 0) return order[i] as number;
  }
  return order[kept - 1] as number;
}

function randomLogits(rng: Rng, vocab: number, spread: number): Float32Array {
  return Float32Array.from({ length: vocab }, () => (rng.next() - 0.5) * spread);
}

describe('pickToken', () => {
  it('is greedy at T = 0, with no log-probability', () => {
    const logits = Float32Array.from([0.1, 2, -1, 2, 0.5]);
    expect(pickToken(logits, 0, 5, { temperature: 0, topP: 1 }, new Rng(1))).toEqual({
      token: 1,
      logProb: null,
    });
    expect(argmax(logits, 0, 5)).toBe(1);
  });

  it('top-p < 1 draws exactly the tokens of a full sort, for many rows, seeds and masses', () => {
    const source = new Rng(7);
    let draws = 0;
    for (const topP of [0.01, 0.3, 0.9, 0.95, 0.999999]) {
      for (const spread of [0.5, 8, 40]) {
        for (let row = 0; row < 40; row++) {
          const logits = randomLogits(source, 259, spread);
          const seed = source.int(1 << 30);
          const options = { temperature: 0.8, topP };
          const a = pickToken(logits, 0, 259, options, new Rng(seed)).token;
          const b = sortedNucleus(logits, 0.8, topP, new Rng(seed));
          expect(a).toBe(b);
          draws++;
        }
      }
    }
    expect(draws).toBe(600);
  });

  it('a tiny top-p keeps only the most likely token; ties go to the lower id', () => {
    const logits = Float32Array.from([1, 5, 3, 5, 0]);
    for (let seed = 0; seed < 20; seed++) {
      expect(pickToken(logits, 0, 5, { temperature: 1, topP: 1e-9 }, new Rng(seed)).token).toBe(1);
    }
    // Equal logits everywhere: the nucleus of mass 0.5 is the lower half of the ids.
    const flat = new Float32Array(8);
    const seen = new Set<number>();
    for (let seed = 0; seed < 200; seed++)
      seen.add(pickToken(flat, 0, 8, { temperature: 1, topP: 0.5 }, new Rng(seed)).token);
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it('reads the row at its offset and returns the log-probability under softmax(logits / T)', () => {
    const row = Float32Array.from([0.5, -1, 2, 0]);
    const logits = Float32Array.from([9, 9, 9, ...row]);
    const { token, logProb } = pickToken(logits, 3, 4, { temperature: 0.7, topP: 1 }, new Rng(3));
    const scaled = Array.from(row, (l) => l / 0.7);
    const logZ = Math.log(scaled.reduce((s, l) => s + Math.exp(l), 0));
    expect(logProb).toBeCloseTo((scaled[token] as number) - logZ, 10);
  });

  it('top-p 1 draws every token with its probability', () => {
    const logits = Float32Array.from([0, Math.log(2), Math.log(3), Math.log(4), -30]);
    const counts = [0, 0, 0, 0, 0];
    const rng = new Rng(11);
    const n = 20000;
    for (let i = 0; i < n; i++)
      (counts[pickToken(logits, 0, 5, { temperature: 1, topP: 1 }, rng).token] as number)++;
    // 1 : 2 : 3 : 4 out of 10, each within 5 standard errors; the last token's mass is ~1e-14.
    [0.1, 0.2, 0.3, 0.4].forEach((p, v) => {
      const se = Math.sqrt((p * (1 - p)) / n);
      expect(Math.abs((counts[v] as number) / n - p)).toBeLessThan(5 * se);
    });
    expect(counts[4]).toBe(0);
  });
});
