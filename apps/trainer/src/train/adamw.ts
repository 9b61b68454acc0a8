/**
 * AdamW written out by hand (rather than tf.train.adam) so that its moments can be saved and restored
 * bit for bit, and weight decay skips biases and LayerNorm gains as in GPT-2 training.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export const ADAMW_DEFAULTS: AdamWOptions = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };

export class AdamW {
  /** Updates taken so far (bias correction uses it). */
  step = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  constructor(
    private readonly weights: tf.Variable[],
    private readonly options: AdamWOptions = ADAMW_DEFAULTS,
  ) {
    this.m = weights.map((w) => tf.variable(tf.zerosLike(w), false));
    this.v = weights.map((w) => tf.variable(tf.zerosLike(w), false));
  }

  /** One update with `grads` (same order as the weights); returns the global gradient norm before clipping. */
  apply(grads: tf.Tensor[], learningRate: number, clipNorm: number): number {
    this.step++;
    const { beta1, beta2, eps, weightDecay } = this.options;
    const norm = globalNorm(grads);
    const clip = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1;
    const correction1 = 1 - beta1 ** this.step;
    const correction2 = 1 - beta2 ** this.step;
    tf.tidy(() => {
      this.weights.forEach((w, i) => {
        const g = tf.mul(grads[i] as tf.Tensor, clip);
        const m = this.m[i] as tf.Variable;
        const v = this.v[i] as tf.Variable;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const update = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), eps));
        // Decay matrices only (nanoGPT's rule): biases and LayerNorm gains stay undecayed.
        const decay = w.rank >= 2 ? weightDecay : 0;
        w.assign(tf.sub(w, tf.mul(tf.add(update, tf.mul(w, decay)), learningRate)));
      });
    });
    return norm;
  }

  /** Moments as one buffer: all m, then all v, each in weight order. */
  serialize(): Float32Array {
    const parts = [...this.m, ...this.v].map((t) => t.dataSync() as Float32Array);
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }

  restore(buffer: Float32Array, step: number): void {
    const all = [...this.m, ...this.v];
    const expected = all.reduce((n, t) => n + t.size, 0);
    if (buffer.length !== expected)
      throw new Error(`optimizer state has ${buffer.length} values, expected ${expected}`);
    let offset = 0;
    for (const t of all) {
      t.assign(tf.tensor(buffer.subarray(offset, offset + t.size), t.shape, 'float32'));
      offset += t.size;
    }
    this.step = step;
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}

function globalNorm(grads: tf.Tensor[]): number {
  return tf.tidy(() => Math.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g)))).dataSync()[0] as number));
}

/** Linear warm-up, then cosine decay to `minLr` at `totalSteps`. */
export function learningRateAt(
  step: number,
  schedule: { lr: number; minLr: number; warmup: number; totalSteps: number },
): number {
  if (step < schedule.warmup) return (schedule.lr * (step + 1)) / schedule.warmup;
  const span = Math.max(1, schedule.totalSteps - schedule.warmup);
  const progress = Math.min(1, (step - schedule.warmup) / span);
  return schedule.minLr + 0.5 * (schedule.lr - schedule.minLr) * (1 + Math.cos(Math.PI * progress));
}
