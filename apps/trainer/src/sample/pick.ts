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
 *
 * top-p 1 draws by the inverse CDF in vocabulary order, with no sort. top-p < 1 takes the most likely
 * tokens (ties: lower id first) off a max-heap only until their mass reaches top-p, then draws among
 * them in that order: the same tokens a full sort would give, at the cost of the few tokens kept.
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
  const probs = scratch(vocab);
  let total = 0;
  for (let v = 0; v < vocab; v++) {
    const p = Math.exp(((logits[offset + v] as number) - max) / options.temperature);
    probs[v] = p;
    total += p;
  }
  const picked = (token: number) => ({ token, logProb: Math.log((probs[token] as number) / total) });
  if (options.topP >= 1) {
    let u = rng.next() * total;
    for (let v = 0; v < vocab; v++) {
      u -= probs[v] as number;
      if (u < 0) return picked(v);
    }
    return picked(lastPositive(probs, vocab));
  }
  // Cut the tail once the kept mass reaches topP (always keeping the most likely token).
  const heap = new ProbabilityHeap(probs, vocab);
  const kept: number[] = [];
  let keptMass = 0;
  while (kept.length < vocab && (kept.length === 0 || keptMass < options.topP * total)) {
    const token = heap.pop();
    keptMass += probs[token] as number;
    kept.push(token);
  }
  let u = rng.next() * keptMass;
  for (const token of kept) {
    u -= probs[token] as number;
    if (u < 0) return picked(token);
  }
  return picked(kept[kept.length - 1] as number);
}

let buffer = new Float64Array(0);

/** One buffer for every call: a vocabulary's worth of probabilities per token adds up. */
function scratch(vocab: number): Float64Array {
  if (buffer.length < vocab) buffer = new Float64Array(vocab);
  return buffer;
}

/** Rounding can leave u >= 0 after the last token: the draw is then the last token with mass. */
function lastPositive(probs: Float64Array, vocab: number): number {
  for (let v = vocab - 1; v > 0; v--) if ((probs[v] as number) > 0) return v;
  return 0;
}

/** Token ids ordered by probability, highest first, lower id first among equals. */
class ProbabilityHeap {
  private readonly ids: Int32Array;
  private size: number;

  constructor(
    private readonly probs: Float64Array,
    vocab: number,
  ) {
    this.ids = Int32Array.from({ length: vocab }, (_, v) => v);
    this.size = vocab;
    for (let i = (vocab >> 1) - 1; i >= 0; i--) this.down(i);
  }

  pop(): number {
    const top = this.ids[0] as number;
    this.size--;
    this.ids[0] = this.ids[this.size] as number;
    this.down(0);
    return top;
  }

  private before(a: number, b: number): boolean {
    const pa = this.probs[a] as number;
    const pb = this.probs[b] as number;
    return pa > pb || (pa === pb && a < b);
  }

  private down(start: number): void {
    const { ids } = this;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) return;
      const right = left + 1;
      let best = left;
      if (right < this.size && this.before(ids[right] as number, ids[left] as number)) best = right;
      if (!this.before(ids[best] as number, ids[i] as number)) return;
      const swap = ids[i] as number;
      ids[i] = ids[best] as number;
      ids[best] = swap;
      i = best;
    }
  }
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
