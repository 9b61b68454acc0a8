/**
 * onnxruntime-node around an exported model: one `run` call per decoding step, carrying the KV cache
 * from `present.N.*` back into `past_key_values.N.*`.
 */
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import {
  ATTENTION_MASK,
  INPUT_IDS,
  LOGITS,
  type OnnxSidecar,
  pastKeyName,
  pastValueName,
  presentKeyName,
  presentValueName,
  sidecarPath,
} from './export.js';

export type Device = 'cpu' | 'cuda';

export interface KvCache {
  keys: ort.Tensor[];
  values: ort.Tensor[];
  /** Positions already in the cache. */
  length: number;
}

export interface StepResult {
  /** [batch, seq, vocab] row-major. */
  logits: Float32Array;
  cache: KvCache;
}

/** An exported model file and its sidecar, checked to be ours. */
export async function readOnnxModel(modelPath: string): Promise<{ bytes: Uint8Array; sidecar: OnnxSidecar }> {
  const sidecar = JSON.parse(await readFile(sidecarPath(modelPath), 'utf8')) as OnnxSidecar;
  if (sidecar.format !== 'crossover-gpt-onnx')
    throw new Error(`${sidecarPath(modelPath)} is not a crossover sidecar`);
  return { bytes: await readFile(modelPath), sidecar };
}

export class OnnxGpt {
  private constructor(
    readonly session: ort.InferenceSession,
    readonly sidecar: OnnxSidecar,
    readonly device: Device,
  ) {}

  static async load(
    modelPath: string,
    options: { device?: Device; threads?: number } = {},
  ): Promise<OnnxGpt> {
    const { bytes, sidecar } = await readOnnxModel(modelPath);
    return OnnxGpt.fromBytes(bytes, sidecar, options);
  }

  static async fromBytes(
    bytes: Uint8Array,
    sidecar: OnnxSidecar,
    options: { device?: Device; threads?: number } = {},
  ): Promise<OnnxGpt> {
    const device = options.device ?? 'cpu';
    // CUDA only when asked for: onnxruntime-node ships it on linux-x64 but it needs the CUDA libraries.
    const executionProviders = device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'];
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders,
      ...(options.threads ? { intraOpNumThreads: options.threads, interOpNumThreads: 1 } : {}),
    });
    return new OnnxGpt(session, sidecar, device);
  }

  get nLayer(): number {
    return this.sidecar.num_hidden_layers;
  }

  emptyCache(batch: number): KvCache {
    const dims = [batch, this.sidecar.num_attention_heads, 0, this.sidecar.head_dim];
    const empty = () => new ort.Tensor('float32', new Float32Array(0), dims);
    return {
      keys: Array.from({ length: this.nLayer }, empty),
      values: Array.from({ length: this.nLayer }, empty),
      length: 0,
    };
  }

  /**
   * Runs `inputIds` [batch, seq] after `cache`; `attentionMask` covers cache + seq positions.
   * The returned cache replaces the given one (whose tensors the caller may drop).
   */
  async step(
    inputIds: BigInt64Array,
    attentionMask: BigInt64Array,
    batch: number,
    cache: KvCache,
  ): Promise<StepResult> {
    const seq = inputIds.length / batch;
    const total = cache.length + seq;
    if (attentionMask.length !== batch * total) {
      throw new RangeError(`attention_mask must hold ${batch}x${total} values, got ${attentionMask.length}`);
    }
    const feeds: Record<string, ort.Tensor> = {
      [INPUT_IDS]: new ort.Tensor('int64', inputIds, [batch, seq]),
      [ATTENTION_MASK]: new ort.Tensor('int64', attentionMask, [batch, total]),
    };
    for (let l = 0; l < this.nLayer; l++) {
      feeds[pastKeyName(l)] = cache.keys[l] as ort.Tensor;
      feeds[pastValueName(l)] = cache.values[l] as ort.Tensor;
    }
    const out = await this.session.run(feeds);
    const next: KvCache = { keys: [], values: [], length: total };
    for (let l = 0; l < this.nLayer; l++) {
      next.keys.push(out[presentKeyName(l)] as ort.Tensor);
      next.values.push(out[presentValueName(l)] as ort.Tensor);
    }
    return { logits: (out[LOGITS] as ort.Tensor).data as Float32Array, cache: next };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
