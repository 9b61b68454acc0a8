/**
 * Entry of a gradient worker thread (see gradient-workers.ts): its own tfjs on the same backend and its own
 * copy of the model; per message it takes the current weights and one shard, and answers with the
 * shard's loss, trained-token count and packed gradients.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, selectBackend } from '../backend/select.js';
import type { ModelConfig } from '../model/config.js';
import { createGpt, namedWeights } from '../model/gpt.js';
import { type PolicyLossSpec, type PolicyMicroBatch, policyGradients } from '../rl/policy-gradients.js';
import type { TokenBatch } from './data.js';
import { packTensors, shardGradients } from './shards.js';

export interface GradWorkerData {
  config: ModelConfig;
  backend: BackendName;
}

/** SFT: one shard's cross-entropy; policy: some micro-batches of an RL round's loss. */
export type ShardRequest =
  | { kind: 'sft'; weights: Float32Array; shard: TokenBatch }
  | { kind: 'policy'; weights: Float32Array; micros: PolicyMicroBatch[]; spec: PolicyLossSpec };

export type ShardReply =
  | { ok: true; loss: number; trained: number; clippedTokens: number; klSum: number; grads: Float32Array }
  | { ok: false; error: string };

const port = parentPort;
if (!port) throw new Error('grad-worker must run as a worker thread');
const { config, backend } = workerData as GradWorkerData;
await selectBackend(backend);
const model = createGpt(config, 0);
const weights = namedWeights(model).map(([, v]) => v);

function loadWeights(flat: Float32Array): void {
  let offset = 0;
  for (const weight of weights) {
    weight.assign(tf.tensor(flat.subarray(offset, offset + weight.size), weight.shape, 'float32'));
    offset += weight.size;
  }
}

function answer(request: ShardRequest): Omit<Extract<ShardReply, { ok: true }>, 'grads' | 'ok'> & {
  grads: tf.Tensor[];
} {
  if (request.kind === 'sft') {
    const { loss, trained, grads } = shardGradients(model, weights, request.shard);
    return { loss, trained, clippedTokens: 0, klSum: 0, grads };
  }
  const { loss, clippedTokens, klSum, grads } = policyGradients(model, weights, request.micros, request.spec);
  return { loss, trained: 0, clippedTokens, klSum, grads };
}

port.on('message', (request: ShardRequest) => {
  let reply: ShardReply;
  try {
    tf.tidy(() => loadWeights(request.weights));
    const { grads, ...rest } = answer(request);
    const packed = packTensors(grads);
    tf.dispose(grads);
    reply = { ok: true, ...rest, grads: packed };
    port.postMessage(reply, [packed.buffer as ArrayBuffer]);
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    port.postMessage(reply);
  }
});
port.postMessage({ ready: true });
