/**
 * Data parallelism over CPU cores. The wasm and cpu backends run on one thread, so a 2-core machine would
 * leave a core idle: each step splits the batch into shards, worker threads (each with its own tfjs and
 * model copy, refreshed with the current weights) compute the shards' gradients while the main thread
 * computes the first one, and the main thread combines them into the batch's gradient and takes the
 * optimizer step. Workers hold no state between steps, so checkpoints and --resume are unchanged.
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../backend/select.js';
import type { ModelConfig } from '../model/config.js';
import type { Gpt } from '../model/gpt.js';
import {
  addGradients,
  type PolicyGradients,
  type PolicyLossSpec,
  type PolicyMicroBatch,
  policyGradients,
} from '../rl/policy-gradients.js';
import type { TokenBatch } from './data.js';
import type { GradWorkerData, ShardReply, ShardRequest } from './grad-worker.js';
import {
  combineShards,
  packTensors,
  type ShardGradients,
  shardGradients,
  splitBatch,
  unpackTensors,
} from './shards.js';

/** Most threads `--workers auto` starts: beyond a few, shards get too small to keep a core busy. */
const AUTO_MAX_WORKERS = 4;

/**
 * How many threads compute gradients: `auto` is every core on the single-threaded backends (wasm, cpu)
 * and 1 on the native ones, which already use every core.
 */
export function resolveWorkerCount(choice: string, backend: BackendName): number {
  if (choice === 'auto') {
    if (backend !== 'wasm' && backend !== 'cpu') return 1;
    return Math.max(1, Math.min(AUTO_MAX_WORKERS, availableParallelism()));
  }
  const count = Number(choice);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    throw new RangeError(`--workers must be auto or an integer from 1 to 64, got ${JSON.stringify(choice)}`);
  }
  return count;
}

// Built code sits next to grad-worker.js; under vitest this module is TypeScript source in src/, whose
// compiled worker lives in dist/ (tests run after the build).
function workerScript(): URL {
  const beside = new URL('./grad-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  return new URL('../../dist/train/grad-worker.js', import.meta.url);
}

interface PendingReply {
  resolve: (reply: ShardReply) => void;
  reject: (error: Error) => void;
}

class GradientThread {
  private pending: PendingReply | null = null;
  private failure: Error | null = null;
  private stopped = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: ShardReply) => this.settle((p) => p.resolve(message)));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (!this.stopped) this.fail(new Error(`gradient worker exited with code ${code}`));
    });
  }

  static async start(data: GradWorkerData): Promise<GradientThread> {
    const worker = new Worker(workerScript(), { workerData: data });
    await once(worker, 'message'); // `ready`; rejects on 'error'
    return new GradientThread(worker);
  }

  request(request: ShardRequest): Promise<ShardReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(request);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }

  private settle(action: (pending: PendingReply) => void): void {
    const pending = this.pending;
    this.pending = null;
    if (pending) action(pending);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.settle((p) => p.reject(error));
  }
}

export class GradientWorkers {
  private constructor(private readonly threads: GradientThread[]) {}

  /** `count` threads in all: the main thread plus count - 1 workers. */
  static async start(count: number, config: ModelConfig, backend: BackendName): Promise<GradientWorkers> {
    const threads = await Promise.all(
      Array.from({ length: count - 1 }, () => GradientThread.start({ config, backend })),
    );
    return new GradientWorkers(threads);
  }

  get count(): number {
    return this.threads.length + 1;
  }

  /** The batch's mean loss and its gradients (in weight order; the caller disposes them). */
  async gradients(
    model: Gpt,
    weights: tf.Variable[],
    batch: TokenBatch,
  ): Promise<{ loss: number; grads: tf.Tensor[] }> {
    const [first, ...rest] = splitBatch(batch, this.count);
    const flat = packTensors(weights);
    const replies = rest.map((shard, i) =>
      (this.threads[i] as GradientThread).request({ kind: 'sft', weights: flat, shard }),
    );
    // Our shard is computed while the workers compute theirs; every reply is awaited even when something
    // fails, so that no answer to this step can be taken for the next one's.
    let own: ShardGradients;
    try {
      own = shardGradients(model, weights, first as TokenBatch);
    } catch (error) {
      await Promise.allSettled(replies);
      throw error;
    }
    const shards: ShardGradients[] = [own];
    let failure: Error | null = null;
    for (const settled of await Promise.allSettled(replies)) {
      if (settled.status === 'rejected') failure ??= settled.reason as Error;
      else if (!settled.value.ok) failure ??= new Error(`gradient worker failed: ${settled.value.error}`);
      else {
        const { loss, trained, grads } = settled.value;
        shards.push({ loss, trained, grads: unpackTensors(grads, weights) });
      }
    }
    if (failure) {
      for (const shard of shards) tf.dispose(shard.grads);
      throw failure;
    }
    return combineShards(shards);
  }

  /**
   * An RL round's loss gradient: `parts[0]` on this thread while the workers take one part each (at most
   * `count` parts); the parts' losses and gradients add up, their normalisers being the round's.
   */
  async policyGradients(
    model: Gpt,
    weights: tf.Variable[],
    parts: PolicyMicroBatch[][],
    spec: PolicyLossSpec,
  ): Promise<PolicyGradients> {
    if (parts.length > this.count) throw new RangeError(`${parts.length} parts for ${this.count} threads`);
    const [first = [], ...rest] = parts;
    const flat = rest.length > 0 ? packTensors(weights) : new Float32Array(0);
    const replies = rest.map((micros, i) =>
      (this.threads[i] as GradientThread).request({ kind: 'policy', weights: flat, micros, spec }),
    );
    let own: PolicyGradients;
    try {
      own = policyGradients(model, weights, first, spec);
    } catch (error) {
      await Promise.allSettled(replies);
      throw error;
    }
    let failure: Error | null = null;
    for (const settled of await Promise.allSettled(replies)) {
      if (settled.status === 'rejected') failure ??= settled.reason as Error;
      else if (!settled.value.ok) failure ??= new Error(`gradient worker failed: ${settled.value.error}`);
      else if (!failure) {
        const { loss, clippedTokens, klSum, grads } = settled.value;
        own = {
          loss: own.loss + loss,
          clippedTokens: own.clippedTokens + clippedTokens,
          klSum: own.klSum + klSum,
          grads: addGradients(own.grads, unpackTensors(grads, weights)),
        };
      }
    }
    if (failure) {
      tf.dispose(own.grads);
      throw failure;
    }
    return own;
  }

  async stop(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.stop()));
  }
}
