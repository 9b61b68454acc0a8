/**
 * Byte-level tokenizer: token i < 256 is the byte i of the UTF-8 text, then three special tokens.
 * No training, no files, any text round-trips exactly. The default; `hf.ts` reads a tokenizer.json.
 */
import type { TokenizerSpec } from './spec.js';

export type { TokenizerSpec } from './spec.js';

/** What training, sampling and evaluation need from a tokenizer, whichever kind. */
export interface Tokenizer {
  readonly kind: string;
  readonly vocabSize: number;
  readonly bos: number;
  readonly eos: number;
  readonly pad: number;
  encode(text: string): number[];
  /** Special tokens are dropped; invalid UTF-8 becomes U+FFFD rather than throwing. */
  decode(ids: readonly number[]): string;
  toJSON(): TokenizerSpec;
}

export interface ByteTokenizerSpec {
  kind: 'bytes';
  vocab_size: number;
  bos_token_id: number;
  eos_token_id: number;
  pad_token_id: number;
}

export const BYTE_BOS = 256;
export const BYTE_EOS = 257;
export const BYTE_PAD = 258;

export class ByteTokenizer implements Tokenizer {
  readonly kind = 'bytes';
  readonly vocabSize = 259;
  readonly bos = BYTE_BOS;
  readonly eos = BYTE_EOS;
  readonly pad = BYTE_PAD;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  encode(text: string): number[] {
    return Array.from(this.encoder.encode(text));
  }

  decode(ids: readonly number[]): string {
    const bytes = ids.filter((id) => id >= 0 && id < 256);
    return this.decoder.decode(Uint8Array.from(bytes));
  }

  toJSON(): ByteTokenizerSpec {
    return {
      kind: 'bytes',
      vocab_size: this.vocabSize,
      bos_token_id: this.bos,
      eos_token_id: this.eos,
      pad_token_id: this.pad,
    };
  }
}
