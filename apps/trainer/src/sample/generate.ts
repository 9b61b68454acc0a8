/**
 * Batched generation from an exported model with onnxruntime: prompts are left-padded to a common length,
 * the prompt goes through the model once, then one token per step reuses the KV cache. A row stops at
 * EOS or after `maxTokens`; the batch stops when every row has.
 */
import { Rng } from '../model/rng.js';
import type { OnnxGpt } from '../onnx/session.js';
import { pickToken, type SamplingOptions } from './pick.js';

export interface GenerationRequest {
  /** Prompt token ids (BOS included if the model expects one). */
  prompt: number[];
  /** Seeds this row's sampling stream, so a row's sample does not depend on its batch neighbours' draws. */
  seed: number;
}

export interface GeneratedRow {
  tokens: number[];
  /**
   * Per token (EOS included when the row stopped by itself), its log-probability under the sampling
   * temperature; empty for greedy decoding.
   */
  logProbs: number[];
  /** Stopped by the token limit (or the model's context) rather than EOS. */
  truncated: boolean;
}

export interface GenerateOptions extends SamplingOptions {
  maxTokens: number;
  eos: number;
  pad: number;
  /** false recomputes the whole sequence every step (the baseline the benchmark compares against). */
  useCache?: boolean;
}

export async function generateBatch(
  model: OnnxGpt,
  requests: GenerationRequest[],
  options: GenerateOptions,
): Promise<GeneratedRow[]> {
  const batch = requests.length;
  const vocab = model.sidecar.vocab_size;
  const promptLength = Math.max(...requests.map((r) => r.prompt.length));
  const room = model.sidecar.max_position_embeddings - promptLength;
  if (room <= 0)
    throw new RangeError(`a prompt of ${promptLength} tokens leaves no room in the model's context`);
  const limit = Math.min(options.maxTokens, room);
  const rngs = requests.map((r) => new Rng(r.seed));

  // Left padding: every row's last prompt token sits in the same column.
  const ids: number[][] = requests.map((r) => [
    ...Array(promptLength - r.prompt.length).fill(options.pad),
    ...r.prompt,
  ]);
  const rows: GeneratedRow[] = requests.map(() => ({ tokens: [], logProbs: [], truncated: false }));
  const done = requests.map(() => false);
  // The attention mask as onnxruntime takes it, grown by one column a step.
  let mask: BigInt64Array = new BigInt64Array(batch * promptLength);
  requests.forEach((r, b) => {
    mask.fill(1n, b * promptLength + promptLength - r.prompt.length, (b + 1) * promptLength);
  });

  let cache = model.emptyCache(batch);
  let step = await model.step(flat(ids), mask, batch, cache);
  const next = new BigInt64Array(batch);
  for (let t = 0; t < limit; t++) {
    const seq = step.logits.length / (batch * vocab);
    for (let b = 0; b < batch; b++) {
      if (done[b]) {
        next[b] = BigInt(options.pad);
        continue;
      }
      const offset = (b * seq + seq - 1) * vocab;
      const { token, logProb } = pickToken(step.logits, offset, vocab, options, rngs[b] as Rng);
      const row = rows[b] as GeneratedRow;
      if (logProb !== null) row.logProbs.push(logProb);
      next[b] = BigInt(token);
      if (token === options.eos) done[b] = true;
      else row.tokens.push(token);
    }
    if (done.every(Boolean) || t === limit - 1) break;
    // Finished rows keep feeding padding that nobody attends to.
    mask = widened(mask, batch, done);
    if (options.useCache === false) {
      next.forEach((token, b) => {
        (ids[b] as number[]).push(Number(token));
      });
      step = await model.step(flat(ids), mask, batch, model.emptyCache(batch));
    } else {
      cache = step.cache;
      step = await model.step(next, mask, batch, cache);
    }
  }
  rows.forEach((row, b) => {
    row.truncated = !done[b];
  });
  return rows;
}

/** `mask` [batch, n] with one more column: 1 for the rows still generating. */
function widened(mask: BigInt64Array, batch: number, done: boolean[]): BigInt64Array {
  const width = mask.length / batch;
  const out = new BigInt64Array(batch * (width + 1));
  for (let b = 0; b < batch; b++) {
    out.set(mask.subarray(b * width, (b + 1) * width), b * (width + 1));
    out[b * (width + 1) + width] = done[b] ? 0n : 1n;
  }
  return out;
}

function flat(rows: number[][]): BigInt64Array {
  const out = new BigInt64Array(rows.reduce((n, r) => n + r.length, 0));
  let i = 0;
  for (const row of rows) for (const v of row) out[i++] = BigInt(v);
  return out;
}
