/**
 * Which tokenizer a model was trained with, as stored in checkpoints (config.json) and ONNX sidecars
 * (model.json), and the tokenizer rebuilt from it. Old checkpoints and sidecars hold `kind: 'bytes'`.
 */
import { ByteTokenizer, type ByteTokenizerSpec, type Tokenizer } from './bytes.js';
import { HfTokenizer, type HfTokenizerSpec, loadHfTokenizer, TokenizerError } from './hf.js';

export type TokenizerSpec = ByteTokenizerSpec | HfTokenizerSpec;

export function tokenizerFromSpec(spec: TokenizerSpec): Tokenizer {
  if (spec.kind === 'bytes') return new ByteTokenizer();
  if (spec.kind === 'hf') return HfTokenizer.fromSpec(spec);
  throw new TokenizerError(`unsupported tokenizer kind: ${String((spec as { kind?: unknown }).kind)}`);
}

/** `--tokenizer PATH` when given (a tokenizer.json or its directory), else the byte-level default. */
export async function chooseTokenizer(path: string | undefined): Promise<Tokenizer> {
  return path === undefined ? new ByteTokenizer() : loadHfTokenizer(path);
}

/**
 * The tokenizer of a run that continues from a checkpoint (`--resume`, RL's `--init`): always the
 * checkpoint's, which its weights were trained with. A `--tokenizer` naming another one is an error rather
 * than silently ignored.
 */
export async function checkpointTokenizer(
  saved: TokenizerSpec,
  path: string | undefined,
): Promise<Tokenizer> {
  if (path !== undefined && !sameTokenizer((await chooseTokenizer(path)).toJSON(), saved)) {
    throw new TokenizerError(
      `--tokenizer ${path} is not the tokenizer the checkpoint was trained with; leave --tokenizer out to keep it`,
    );
  }
  return tokenizerFromSpec(saved);
}

/** One line for the progress output: which tokenizer, how many tokens, the special ids. */
export function describeTokenizer(tokenizer: Tokenizer): string {
  const name = tokenizer.kind === 'bytes' ? 'byte-level' : 'tokenizer.json';
  return `tokenizer: ${name}, ${tokenizer.vocabSize} tokens (BOS ${tokenizer.bos}, EOS ${tokenizer.eos}, PAD ${tokenizer.pad})`;
}

/** Whether two specs describe the same tokenizer (same file contents, same special ids). */
export function sameTokenizer(a: TokenizerSpec, b: TokenizerSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
