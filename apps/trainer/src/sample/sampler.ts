/**
 * Where batches are decoded. onnxruntime-node runs a session on the calling thread, so one session keeps
 * one core busy whatever its intra-op threads do for a model this small; a pool of worker threads, each
 * with its own session, decodes several batches at once. Rows carry their own seeds, so the tokens do not
 * depend on which thread decoded them or how many there were.
 */
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { OnnxSidecar } from '../onnx/export.js';
import { type Device, OnnxGpt, readOnnxModel } from '../onnx/session.js';
import {
  type GeneratedRow,
  type GenerateOptions,
  type GenerationRequest,
  generateBatch,
} from './generate.js';
import type { SampleWorkerData, SampleWorkerReply, SampleWorkerRequest } from './sample-worker.js';

export interface Sampler {
  readonly sidecar: OnnxSidecar;
  /** Batches it decodes at once. */
  readonly parallelism: number;
  generate(requests: GenerationRequest[], options: GenerateOptions): Promise<GeneratedRow[]>;
  release(): Promise<void>;
}

export interface SamplerOptions {
  /** Threads decoding batches side by side: 1 decodes on this thread. */
  workers?: number;
  /** onnxruntime intra-op threads of each session (its default: every core). */
  threads?: number;
  device?: Device;
}

/** Most sampler threads by default: beyond a few the batches get too few to keep them busy. */
const DEFAULT_MAX_WORKERS = 4;

/**
 * On the CPU, one single-threaded session per core; on CUDA one session (the GPU is one device).
 * `workers` overrides the count.
 */
export function samplerOptionsFor(device: Device = 'cpu', workers?: number): SamplerOptions {
  if (device === 'cuda') return { device, workers: 1 };
  const count = workers ?? Math.max(1, Math.min(DEFAULT_MAX_WORKERS, availableParallelism()));
  return { device, workers: count, threads: 1 };
}

/** A sampler of the exported model at `modelPath` (with its sidecar beside it). */
export async function loadSampler(modelPath: string, options: SamplerOptions = {}): Promise<Sampler> {
  const { bytes, sidecar } = await readOnnxModel(modelPath);
  return openSampler(bytes, sidecar, options);
}

/**
 * Opens samplers of one model after another (an RL run exports its policy every round): on this thread,
 * or in worker threads started once and reused, since starting a thread and its onnxruntime costs about as
 * much as a round's decoding.
 */
export interface SamplerHost {
  open(bytes: Uint8Array, sidecar: OnnxSidecar): Promise<Sampler>;
  close(): Promise<void>;
}

export async function startSamplerHost(options: SamplerOptions = {}): Promise<SamplerHost> {
  const workers = options.workers ?? 1;
  if (workers <= 1) {
    return {
      open: async (bytes, sidecar) =>
        new SessionSampler(await OnnxGpt.fromBytes(bytes, sidecar, sessionOptions(options))),
      close: async () => {},
    };
  }
  const threads = await Promise.all(Array.from({ length: workers }, () => SampleThread.start(options)));
  return {
    open: async (bytes, sidecar) => {
      await Promise.all(threads.map((thread) => thread.load(bytes, sidecar)));
      return new PoolSampler(sidecar, threads);
    },
    close: async () => {
      await Promise.all(threads.map((thread) => thread.stop()));
    },
  };
}

/** One model's sampler; releasing it releases its threads too. */
export async function openSampler(
  bytes: Uint8Array,
  sidecar: OnnxSidecar,
  options: SamplerOptions = {},
): Promise<Sampler> {
  const host = await startSamplerHost(options);
  try {
    const sampler = await host.open(bytes, sidecar);
    return {
      sidecar: sampler.sidecar,
      parallelism: sampler.parallelism,
      generate: (requests, generateOptions) => sampler.generate(requests, generateOptions),
      release: async () => {
        await sampler.release();
        await host.close();
      },
    };
  } catch (error) {
    await host.close();
    throw error;
  }
}

function sessionOptions(options: SamplerOptions): { device?: Device; threads?: number } {
  return {
    ...(options.device ? { device: options.device } : {}),
    ...(options.threads ? { threads: options.threads } : {}),
  };
}

/** A session on this thread; also what `crossover sample` wraps around a loaded model. */
export class SessionSampler implements Sampler {
  readonly parallelism = 1;
  constructor(readonly session: OnnxGpt) {}

  get sidecar(): OnnxSidecar {
    return this.session.sidecar;
  }

  generate(requests: GenerationRequest[], options: GenerateOptions): Promise<GeneratedRow[]> {
    return generateBatch(this.session, requests, options);
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** The threads' current model; its release leaves the threads to their host. */
class PoolSampler implements Sampler {
  private readonly idle: SampleThread[];
  private readonly waiting: ((thread: SampleThread) => void)[] = [];

  constructor(
    readonly sidecar: OnnxSidecar,
    private readonly threads: SampleThread[],
  ) {
    this.idle = [...threads];
  }

  get parallelism(): number {
    return this.threads.length;
  }

  async generate(requests: GenerationRequest[], options: GenerateOptions): Promise<GeneratedRow[]> {
    const thread =
      this.idle.pop() ?? (await new Promise<SampleThread>((resolve) => this.waiting.push(resolve)));
    try {
      return await thread.generate(requests, options);
    } finally {
      const next = this.waiting.shift();
      if (next) next(thread);
      else this.idle.push(thread);
    }
  }

  async release(): Promise<void> {}
}

// Built code sits next to sample-worker.js; under vitest this module is TypeScript source whose compiled
// worker lives in dist/ (tests run after the build).
function workerScript(): URL {
  const beside = new URL('./sample-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  return new URL('../../dist/sample/sample-worker.js', import.meta.url);
}

/** One worker thread, one request at a time. */
class SampleThread {
  private pending: { resolve: (reply: SampleWorkerReply) => void; reject: (error: Error) => void } | null =
    null;
  private failure: Error | null = null;
  private stopped = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: SampleWorkerReply) => {
      const pending = this.pending;
      this.pending = null;
      pending?.resolve(reply);
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (!this.stopped) this.fail(new Error(`sampler worker exited with code ${code}`));
    });
  }

  static async start(options: SamplerOptions): Promise<SampleThread> {
    const session: SampleWorkerData = {
      threads: options.threads ?? 1,
      ...(options.device ? { device: options.device } : {}),
    };
    const worker = new Worker(workerScript(), { workerData: session });
    await once(worker, 'message'); // `ready`; rejects on 'error'
    return new SampleThread(worker);
  }

  async load(bytes: Uint8Array, sidecar: OnnxSidecar): Promise<void> {
    const reply = await this.request({ type: 'load', bytes, sidecar });
    if (!reply.ok) throw new Error(`sampler worker failed to load the model: ${reply.error}`);
  }

  async generate(requests: GenerationRequest[], options: GenerateOptions): Promise<GeneratedRow[]> {
    const reply = await this.request({ type: 'generate', requests, options });
    if (!reply.ok) throw new Error(`sampler worker failed: ${reply.error}`);
    return reply.rows ?? [];
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }

  private request(request: SampleWorkerRequest): Promise<SampleWorkerReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(request);
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }
}

/**
 * Decodes `requests` in batches of `batchSize`, as many batches at once as the sampler has threads;
 * `onBatch` sees every batch's rows in request order, and so does the result.
 */
export async function generateInBatches(
  sampler: Sampler,
  requests: GenerationRequest[],
  batchSize: number,
  options: GenerateOptions,
  onBatch?: (rows: GeneratedRow[], first: number) => void | Promise<void>,
): Promise<GeneratedRow[]> {
  const starts: number[] = [];
  for (let start = 0; start < requests.length; start += batchSize) starts.push(start);
  const results: Promise<GeneratedRow[]>[] = [];
  const out: GeneratedRow[] = [];
  let launched = 0;
  const launch = () => {
    const start = starts[launched++] as number;
    const rows = sampler.generate(requests.slice(start, start + batchSize), options);
    // Awaited in order below; a later batch that fails first must not count as unhandled meanwhile.
    rows.catch(() => {});
    results.push(rows);
  };
  while (launched < Math.min(sampler.parallelism, starts.length)) launch();
  try {
    for (let i = 0; i < starts.length; i++) {
      const rows = await (results[i] as Promise<GeneratedRow[]>);
      if (launched < starts.length) launch();
      for (const row of rows) out.push(row);
      await onBatch?.(rows, starts[i] as number);
    }
  } finally {
    // Nothing left running on a failure: every launched batch settles before the caller releases.
    await Promise.allSettled(results);
  }
  return out;
}
