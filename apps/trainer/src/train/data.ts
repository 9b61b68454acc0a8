/**
 * SFT examples to token batches: BOS + prompt + completion + EOS, right-padded to the longest sequence of
 * the batch; the loss covers the completion and EOS only. Epochs visit the examples in a seeded random
 * order, and the position in that order is part of the checkpoint so a resumed run sees the same batches.
 */
import { Rng } from '../model/rng.js';
import type { Tokenizer } from '../tokenizer/bytes.js';

export interface SftExample {
  prompt: string;
  completion: string;
  /** false for a partial answer (an auxiliary example that must not teach stopping there). */
  endsWithEos?: boolean;
}

export interface TokenBatch {
  batch: number;
  length: number;
  /** [batch, length] row-major: input tokens, next-token targets and the loss mask (1 = trained on). */
  inputs: Int32Array;
  targets: Int32Array;
  lossMask: Float32Array;
  /** Non-padding tokens in the batch (for tokens/s). */
  tokens: number;
}

export interface DataCursor {
  epoch: number;
  /** Index into the current epoch's order of the next example. */
  position: number;
  /** RNG state from which the current epoch's order was drawn. */
  epochRngState: number;
}

export interface EncodedExample {
  ids: number[];
  /** Index in `ids` of the first completion token. */
  completionStart: number;
}

export function encodeExample(
  tokenizer: Tokenizer,
  example: SftExample,
  maxLength: number,
): EncodedExample | null {
  const prompt = [tokenizer.bos, ...tokenizer.encode(example.prompt)];
  const ids = [...prompt, ...tokenizer.encode(example.completion)];
  if (example.endsWithEos !== false) ids.push(tokenizer.eos);
  // Too long for the context: dropped rather than cut, so the model never learns a truncated answer.
  return ids.length <= maxLength ? { ids, completionStart: prompt.length } : null;
}

export class SftBatches {
  private order: number[];
  private cursor: DataCursor;

  constructor(
    private readonly examples: EncodedExample[],
    private readonly pad: number,
    seed: number,
    cursor?: DataCursor,
  ) {
    if (examples.length === 0) throw new Error('no training examples (all too long for the context?)');
    this.cursor = cursor ?? { epoch: 0, position: 0, epochRngState: new Rng(seed).getState() };
    this.order = this.drawOrder();
  }

  get state(): DataCursor {
    return { ...this.cursor };
  }

  next(batchSize: number): TokenBatch {
    const rows: EncodedExample[] = [];
    while (rows.length < batchSize) {
      if (this.cursor.position >= this.order.length) this.startNextEpoch();
      rows.push(this.examples[this.order[this.cursor.position++] as number] as EncodedExample);
    }
    return toBatch(rows, this.pad);
  }

  private startNextEpoch(): void {
    const rng = Rng.fromState(this.cursor.epochRngState);
    rng.permutation(this.examples.length); // the finished epoch's draw, to advance the stream past it
    this.cursor = { epoch: this.cursor.epoch + 1, position: 0, epochRngState: rng.getState() };
    this.order = this.drawOrder();
  }

  private drawOrder(): number[] {
    return Rng.fromState(this.cursor.epochRngState).permutation(this.examples.length);
  }
}

export function toBatch(rows: EncodedExample[], pad: number): TokenBatch {
  const length = Math.max(...rows.map((r) => r.ids.length)) - 1;
  const batch = rows.length;
  const inputs = new Int32Array(batch * length).fill(pad);
  const targets = new Int32Array(batch * length).fill(pad);
  const lossMask = new Float32Array(batch * length);
  let tokens = 0;
  rows.forEach((row, b) => {
    for (let t = 0; t < row.ids.length - 1; t++) {
      inputs[b * length + t] = row.ids[t] as number;
      targets[b * length + t] = row.ids[t + 1] as number;
      // Target t + 1 is a completion token (or EOS) exactly when t + 1 >= completionStart.
      lossMask[b * length + t] = t + 1 >= row.completionStart ? 1 : 0;
    }
    tokens += row.ids.length - 1;
  });
  return { batch, length, inputs, targets, lossMask, tokens };
}
