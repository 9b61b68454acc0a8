/**
 * Data-parallel pieces that need no threads: splitting a token batch into shards, one shard's loss and
 * gradients, and packing weights or gradients into one flat buffer to send between threads. The batch
 * loss is the mean over every trained token of the batch, so each shard's mean is weighted by its share of
 * those tokens: the combined gradient is the full batch's gradient, whatever the split.
 */
import * as tf from '@tensorflow/tfjs-core';
import { crossEntropy, forward, type Gpt } from '../model/gpt.js';
import type { TokenBatch } from './data.js';

export interface ShardGradients {
  /** Mean loss over the shard's trained tokens. */
  loss: number;
  /** Trained tokens (loss-mask ones) in the shard: its weight in the batch mean. */
  trained: number;
  /** Gradients of the shard's mean loss, in weight order. */
  grads: tf.Tensor[];
}

/**
 * Splits the rows into `count` contiguous shards of near-equal size (empty shards are left out), each cut
 * to its own longest row, so a shard of short rows does not pay for the batch's longest one.
 */
export function splitBatch(batch: TokenBatch, count: number): TokenBatch[] {
  const shards: TokenBatch[] = [];
  const per = Math.ceil(batch.batch / Math.max(1, count));
  for (let first = 0; first < batch.batch; first += per) {
    shards.push(sliceRows(batch, first, Math.min(batch.batch, first + per)));
  }
  return shards;
}

function sliceRows(batch: TokenBatch, first: number, end: number): TokenBatch {
  const rows = end - first;
  const ends = Array.from({ length: rows }, (_, r) => rowEnd(batch, first + r));
  const used = Math.max(1, ...ends);
  const inputs = new Int32Array(rows * used);
  const targets = new Int32Array(rows * used);
  const lossMask = new Float32Array(rows * used);
  for (let r = 0; r < rows; r++) {
    const from = (first + r) * batch.length;
    inputs.set(batch.inputs.subarray(from, from + used), r * used);
    targets.set(batch.targets.subarray(from, from + used), r * used);
    lossMask.set(batch.lossMask.subarray(from, from + used), r * used);
  }
  const tokens = ends.reduce((n, e) => n + e, 0);
  return { batch: rows, length: used, inputs, targets, lossMask, tokens };
}

/** One past a row's last trained position: its real length, since a completion ends its row. */
function rowEnd(batch: TokenBatch, row: number): number {
  for (let t = batch.length - 1; t >= 0; t--) if (batch.lossMask[row * batch.length + t] === 1) return t + 1;
  return 0;
}

export function trainedTokens(batch: TokenBatch): number {
  let sum = 0;
  for (const value of batch.lossMask) sum += value;
  return sum;
}

/** Loss and gradients of one shard (kept, not disposed: the caller owns `grads`). */
export function shardGradients(model: Gpt, weights: tf.Variable[], shard: TokenBatch): ShardGradients {
  const { value, grads } = tf.tidy(() => {
    const shape: [number, number] = [shard.batch, shard.length];
    const inputs = tf.tensor2d(shard.inputs, shape, 'int32');
    const targets = tf.tensor2d(shard.targets, shape, 'int32');
    const lossMask = tf.tensor2d(shard.lossMask, shape, 'float32');
    return tf.variableGrads(() => crossEntropy(forward(model, inputs).logits, targets, lossMask), weights);
  });
  const ordered = weights.map((w) => grads[w.name] as tf.Tensor);
  const loss = value.dataSync()[0] as number;
  value.dispose();
  return { loss, trained: trainedTokens(shard), grads: ordered };
}

/** The tensors' values back to back, in order. */
export function packTensors(tensors: readonly tf.Tensor[]): Float32Array {
  const out = new Float32Array(tensors.reduce((n, t) => n + t.size, 0));
  let offset = 0;
  for (const tensor of tensors) {
    out.set(tensor.dataSync() as Float32Array, offset);
    offset += tensor.size;
  }
  return out;
}

/** The inverse of packTensors for tensors shaped like `like`. */
export function unpackTensors(flat: Float32Array, like: readonly tf.Tensor[]): tf.Tensor[] {
  let offset = 0;
  return like.map((tensor) => {
    const part = flat.subarray(offset, offset + tensor.size);
    offset += tensor.size;
    return tf.tensor(part, tensor.shape, 'float32');
  });
}

/**
 * The batch's mean loss and gradients from its shards' means: sum of mean_i * trained_i / trained.
 * Disposes the shards' gradients.
 */
export function combineShards(shards: ShardGradients[]): { loss: number; grads: tf.Tensor[] } {
  const total = shards.reduce((n, s) => n + s.trained, 0);
  const weightOf = (s: ShardGradients) => (total > 0 ? s.trained / total : 1 / shards.length);
  const loss = shards.reduce((sum, s) => sum + s.loss * weightOf(s), 0);
  if (shards.length === 1) return { loss, grads: (shards[0] as ShardGradients).grads };
  const count = (shards[0] as ShardGradients).grads.length;
  const grads = Array.from({ length: count }, (_, i) =>
    tf.tidy(() => tf.addN(shards.map((s) => tf.mul(s.grads[i] as tf.Tensor, weightOf(s))))),
  );
  for (const shard of shards) tf.dispose(shard.grads);
  return { loss, grads };
}
