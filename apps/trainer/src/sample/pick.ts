/** Picking the next token from one row of logits: temperature, then nucleus (top-p) sampling. */
import type { Rng } from '../model/rng.js';

export interface SamplingOptions {
  /** 0 means greedy (argmax). */
  temperature: number;
  /** Keep the smallest set of most likely tokens whose probability reaches topP; 1 keeps all. */
  topP: number;
}

/**
 * The next token and its log-probability under softmax(logits / temperature) before any nucleus cut: what
 * the trainer's log-probs must equal. Greedy decoding has no such distribution: logProb is null.
 */
export function pickToken(
  logits: Float32Array,
  offset: number,
  vocab: number,
  options: SamplingOptions,
  rng: Rng,
): { token: number; logProb: number | null } {
  if (options.temperature <= 0) return { token: argmax(logits, offset, vocab), logProb: null };
  const max = maxOf(logits, offset, vocab);
  const probs = new Float64Array(vocab);
  let total = 0;
  for (let v = 0; v < vocab; v++) {
    const p = Math.exp(((logits[offset + v] as number) - max) / options.temperature);
    probs[v] = p;
    total += p;
  }
  const order = Array.from({ length: vocab }, (_, v) => v).sort(
    (a, b) => (probs[b] as number) - (probs[a] as number) || a - b,
  );
  // Cut the tail once the kept mass reaches topP (always keeping the most likely token).
  let kept = 0;
  let keptMass = 0;
  while (kept < vocab && (kept === 0 || keptMass < options.topP * total)) {
    keptMass += probs[order[kept] as number] as number;
    kept++;
  }
  const picked = (token: number) => ({ token, logProb: Math.log((probs[token] as number) / total) });
  let u = rng.next() * keptMass;
  for (let i = 0; i < kept; i++) {
    const token = order[i] as number;
    u -= probs[token] as number;
    if (u < 0) return picked(token);
  }
  return picked(order[kept - 1] as number);
}

function maxOf(logits: Float32Array, offset: number, vocab: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < vocab; v++) max = Math.max(max, logits[offset + v] as number);
  return max;
}

export function argmax(logits: Float32Array, offset: number, vocab: number): number {
  let best = 0;
  for (let v = 1; v < vocab; v++)
    if ((logits[offset + v] as number) > (logits[offset + best] as number)) best = v;
  return best;
}
