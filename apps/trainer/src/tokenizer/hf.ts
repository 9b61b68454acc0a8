/**
 * A Hugging Face `tokenizer.json` vocabulary (BPE, WordPiece, Unigram) through @huggingface/tokenizers,
 * for models that want more than 256 bytes. The parsed file (and its `tokenizer_config.json`) travels in
 * the checkpoint and the ONNX sidecar as a `kind: 'hf'` spec, so sampling on another machine needs no copy
 * of the original files.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Tokenizer as LibraryTokenizerClass } from '@huggingface/tokenizers';
import type { Tokenizer } from './bytes.js';

/**
 * What is used of the library's Tokenizer. Its .d.ts files import without file extensions, which NodeNext
 * cannot resolve, so the class types as `any`; this pins the calls down.
 */
interface HfLibraryTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
  decode(
    ids: number[],
    options: { skip_special_tokens: boolean; clean_up_tokenization_spaces: boolean },
  ): string;
  token_to_id(token: string): number | undefined;
  id_to_token(id: number): string | undefined;
  get_vocab(withAddedTokens: boolean): Map<string, number>;
}
const HfLibraryTokenizer = LibraryTokenizerClass as new (
  tokenizer: object,
  config: object,
) => HfLibraryTokenizer;

/** The parts of tokenizer.json read here; the rest is handed to the library as it is. */
export interface HfTokenizerJson {
  model: Record<string, unknown>;
  added_tokens?: Array<{ id: number; content: string; special?: boolean }>;
  [key: string]: unknown;
}

/** tokenizer_config.json: only its special-token names are read here. */
export type HfTokenizerConfig = Record<string, unknown>;

export interface HfTokenizerSpec {
  kind: 'hf';
  vocab_size: number;
  bos_token_id: number;
  eos_token_id: number;
  pad_token_id: number;
  /** tokenizer.json, parsed. */
  tokenizer: HfTokenizerJson;
  /** tokenizer_config.json, parsed, when there was one next to it. */
  config?: HfTokenizerConfig;
}

/** A missing or unusable tokenizer file: the user's mistake, printed as one line by the CLI. */
export class TokenizerError extends Error {
  // Named like the CLI's other input errors so that it prints without a stack trace.
  override name = 'InputError';
}

type Role = 'bos' | 'eos' | 'pad';

/**
 * Where no tokenizer_config.json names them, the usual special tokens of GPT-2, Llama, Qwen, Gemma and
 * SentencePiece vocabularies, in order of preference.
 */
export const SPECIAL_TOKEN_NAMES: Record<Role, readonly string[]> = {
  bos: ['<|begin_of_text|>', '<s>', '<bos>', '<|startoftext|>', '<|endoftext|>'],
  eos: ['<|endoftext|>', '</s>', '<|end_of_text|>', '<eos>', '<|im_end|>', '<|eot_id|>'],
  pad: ['<|pad|>', '<pad>', '[PAD]', '<|padding|>'],
};

export class HfTokenizer implements Tokenizer {
  readonly kind = 'hf';
  readonly vocabSize: number;
  readonly bos: number;
  readonly eos: number;
  readonly pad: number;
  /** Ids that decode leaves out: BOS, EOS, PAD and every added token marked special. */
  private readonly special: Set<number>;

  private constructor(
    private readonly inner: HfLibraryTokenizer,
    private readonly spec: HfTokenizerSpec,
  ) {
    this.vocabSize = spec.vocab_size;
    this.bos = spec.bos_token_id;
    this.eos = spec.eos_token_id;
    this.pad = spec.pad_token_id;
    this.special = new Set([this.bos, this.eos, this.pad]);
    for (const token of spec.tokenizer.added_tokens ?? []) if (token.special) this.special.add(token.id);
  }

  /** A parsed tokenizer.json (and tokenizer_config.json); `source` names the file in error messages. */
  static fromJson(tokenizer: unknown, config: unknown, source: string): HfTokenizer {
    const json = tokenizerJsonOf(tokenizer, source);
    const settings = configOf(config, source);
    const inner = createLibraryTokenizer(json, settings, source);
    const ids = specialIds(inner, settings, source);
    return new HfTokenizer(inner, {
      kind: 'hf',
      vocab_size: vocabSizeOf(inner),
      bos_token_id: ids.bos,
      eos_token_id: ids.eos,
      pad_token_id: ids.pad,
      tokenizer: json,
      ...(settings ? { config: settings } : {}),
    });
  }

  /** The tokenizer a checkpoint or sidecar was written with; its special ids are taken as stored. */
  static fromSpec(spec: HfTokenizerSpec): HfTokenizer {
    const source = 'the tokenizer stored in the checkpoint';
    const json = tokenizerJsonOf(spec.tokenizer, source);
    const inner = createLibraryTokenizer(json, configOf(spec.config, source), source);
    const size = vocabSizeOf(inner);
    if (size !== spec.vocab_size)
      throw new TokenizerError(
        `${source} has ${size} tokens, but its spec says vocab_size ${spec.vocab_size}`,
      );
    for (const id of [spec.bos_token_id, spec.eos_token_id, spec.pad_token_id]) {
      if (inner.id_to_token(id) === undefined)
        throw new TokenizerError(`${source} has no token with id ${id}`);
    }
    return new HfTokenizer(inner, spec);
  }

  encode(text: string): number[] {
    // No BOS/EOS from the tokenizer's post-processor: the data code adds its own.
    const { ids } = this.inner.encode(text, { add_special_tokens: false });
    if (ids.some((id) => !Number.isInteger(id)))
      throw new TokenizerError(
        `the tokenizer cannot encode ${JSON.stringify(text.slice(0, 80))} (no unk token)`,
      );
    return ids;
  }

  decode(ids: readonly number[]): string {
    const kept = ids.filter((id) => !this.special.has(id) && this.inner.id_to_token(id) !== undefined);
    // The library throws on an empty list.
    if (kept.length === 0) return '';
    // No clean-up of spaces (" ." -> "."): completions are verified as written, so decode(encode(x)) = x.
    return this.inner.decode(kept, { skip_special_tokens: true, clean_up_tokenization_spaces: false });
  }

  toJSON(): HfTokenizerSpec {
    return this.spec;
  }
}

/**
 * `--tokenizer PATH`: a tokenizer.json, or a directory holding one; a tokenizer_config.json beside it
 * is read for the names of the special tokens.
 */
export async function loadHfTokenizer(path: string): Promise<HfTokenizer> {
  const file = await tokenizerFileOf(path);
  const tokenizer = await readJson(file);
  const configFile = join(dirname(file), 'tokenizer_config.json');
  const config = (await exists(configFile)) ? await readJson(configFile) : undefined;
  return HfTokenizer.fromJson(tokenizer, config, file);
}

async function tokenizerFileOf(path: string): Promise<string> {
  try {
    return (await stat(path)).isDirectory() ? join(path, 'tokenizer.json') : path;
  } catch {
    throw new TokenizerError(`tokenizer file not found: ${path}`);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new TokenizerError(`cannot read tokenizer file ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TokenizerError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function tokenizerJsonOf(value: unknown, source: string): HfTokenizerJson {
  const model = (value as { model?: unknown } | null)?.model;
  if (!isObject(value) || !isObject(model))
    throw new TokenizerError(`${source} is not a Hugging Face tokenizer.json (no "model" object)`);
  return value as HfTokenizerJson;
}

function configOf(value: unknown, source: string): HfTokenizerConfig | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value))
    throw new TokenizerError(`the tokenizer_config.json of ${source} is not a JSON object`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function createLibraryTokenizer(
  json: HfTokenizerJson,
  config: HfTokenizerConfig | undefined,
  source: string,
): HfLibraryTokenizer {
  // The library requires every top-level component key, null when absent, and an added_tokens list.
  const complete = {
    normalizer: null,
    pre_tokenizer: null,
    post_processor: null,
    decoder: null,
    added_tokens: [],
    ...json,
  };
  try {
    return new HfLibraryTokenizer(complete, config ?? {});
  } catch (error) {
    throw new TokenizerError(`${source} cannot be loaded as a tokenizer: ${(error as Error).message}`);
  }
}

/** Every id the tokenizer can produce or decode, added tokens included, fits below this. */
function vocabSizeOf(inner: HfLibraryTokenizer): number {
  let largest = -1;
  for (const id of inner.get_vocab(true).values()) if (id > largest) largest = id;
  return largest + 1;
}

/**
 * BOS and EOS from tokenizer_config.json's bos_token / eos_token when it names them, else the first of the
 * usual names the vocabulary has. PAD likewise, falling back to EOS (as Hugging Face models without a pad
 * token do): padding is left out through the attention and loss masks, never recognised by its id.
 */
function specialIds(
  inner: HfLibraryTokenizer,
  config: HfTokenizerConfig | undefined,
  source: string,
): Record<Role, number> {
  const find = (role: Role): number | undefined => {
    const named = tokenContent(config?.[`${role}_token`]);
    if (named !== undefined) {
      const id = inner.token_to_id(named);
      if (id === undefined)
        throw new TokenizerError(
          `the tokenizer_config.json of ${source} names ${role}_token ${JSON.stringify(named)}, which is not in the vocabulary`,
        );
      return id;
    }
    for (const name of SPECIAL_TOKEN_NAMES[role]) {
      const id = inner.token_to_id(name);
      if (id !== undefined) return id;
    }
    return undefined;
  };
  const bos = find('bos');
  const eos = find('eos');
  const missing = [bos === undefined ? 'BOS' : '', eos === undefined ? 'EOS' : ''].filter(Boolean);
  if (bos === undefined || eos === undefined) {
    const looked = [...new Set([...SPECIAL_TOKEN_NAMES.bos, ...SPECIAL_TOKEN_NAMES.eos])].join(' ');
    throw new TokenizerError(
      `${source} has no ${missing.join(' and no ')} token: name it as bos_token / eos_token in a ` +
        `tokenizer_config.json next to it, or add one of ${looked} to its vocabulary`,
    );
  }
  return { bos, eos, pad: find('pad') ?? eos };
}

/** A special token in tokenizer_config.json: a string, or an AddedToken object with `content`. */
function tokenContent(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const content = (value as { content?: unknown } | null)?.content;
  return typeof content === 'string' ? content : undefined;
}
