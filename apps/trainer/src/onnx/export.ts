/**
 * Writes a trained GPT as an ONNX model (opset 17) with a KV cache. Inputs and outputs use the usual decoder
 * names, but the folder is Crossover's own format, read by `crossover sample` (onnx/session.ts):
 * transformers.js and onnxruntime-genai would also need position_ids, genai_config.json and Hugging Face
 * config and tokenizer files, which it does not write.
 *   inputs  input_ids [batch, seq] int64, attention_mask [batch, past + seq] int64,
 *           past_key_values.N.key|value [batch, heads, past, headDim] float32
 *   outputs logits [batch, seq, vocab], present.N.key|value [batch, heads, past + seq, headDim]
 * The graph computes exactly what `forward` in model/gpt.ts computes: positions from the attention mask
 * (so left padding works), the same masked-score constant, the same tanh GELU.
 */
import { writeFile } from 'node:fs/promises';
import { headDim, type ModelConfig, rotaryTables, usesRotary } from '../model/config.js';
import { type Gpt, MASKED_SCORE, namedWeights } from '../model/gpt.js';
import type { TokenizerSpec } from '../tokenizer/spec.js';
import { attr, DataType, GraphBuilder, OPSET, valueInfo } from './graph.js';

export const INPUT_IDS = 'input_ids';
export const ATTENTION_MASK = 'attention_mask';
export const LOGITS = 'logits';
export const pastKeyName = (layer: number) => `past_key_values.${layer}.key`;
export const pastValueName = (layer: number) => `past_key_values.${layer}.value`;
export const presentKeyName = (layer: number) => `present.${layer}.key`;
export const presentValueName = (layer: number) => `present.${layer}.value`;

/** The JSON written next to the .onnx file: everything a sampler needs besides the weights. */
export interface OnnxSidecar {
  format: 'crossover-gpt-onnx';
  format_version: 1;
  opset: number;
  config: ModelConfig;
  tokenizer: TokenizerSpec;
  // Hugging Face's key names for the shape, under a model type of its own: the architecture (rotary or
  // learned positions, tied embeddings) is not GPT-2's.
  model_type: 'crossover-gpt';
  num_hidden_layers: number;
  num_attention_heads: number;
  hidden_size: number;
  head_dim: number;
  vocab_size: number;
  max_position_embeddings: number;
  bos_token_id: number;
  eos_token_id: number;
  pad_token_id: number;
  /** Free-form provenance: training step, task, seed. */
  meta: Record<string, unknown>;
}

export function buildOnnxModel(model: Gpt): Uint8Array {
  const { config } = model;
  const weights = weightData(model);
  const g = new GraphBuilder();
  const d = config.dModel;
  const hd = headDim(config);
  const w = (name: string): string => {
    const tensor = weights.get(name);
    if (!tensor) throw new Error(`missing weight ${name}`);
    return g.floatTensor(name, tensor.values, tensor.shape);
  };

  // Lengths: T new tokens, S = past + T in total.
  const T = g.op('Gather', [g.op('Shape', [INPUT_IDS]), g.int64(1)], [attr.int('axis', 0)]);
  const S = g.op('Gather', [g.op('Shape', [ATTENTION_MASK]), g.int64(1)], [attr.int('axis', 0)]);
  const past = g.op('Sub', [S, T]);

  // Embeddings; positions = max(cumsum(mask) - 1, 0) for the last T columns.
  const counted = g.op('Max', [
    g.op('Sub', [g.op('CumSum', [ATTENTION_MASK, g.int64(1)]), g.int64(1)]),
    g.int64(0),
  ]);
  const unsqueeze0 = (x: string) => g.op('Unsqueeze', [x, g.int64([0])]);
  const positions = g.op('Slice', [counted, unsqueeze0(past), unsqueeze0(S), g.int64([1])]);
  const wte = w('wte');
  const tokens = g.op('Gather', [wte, INPUT_IDS]);
  let x = usesRotary(config) ? tokens : g.op('Add', [tokens, g.op('Gather', [w('wpe'), positions])]);
  const rotate = usesRotary(config) ? rotaryRotation(g, config, positions) : (input: string) => input;

  // Additive attention bias [batch, 1, T, S]: key j is visible to query i if j <= past + i and it is not
  // padding; a query always sees itself, so that padded rows stay defined and causal too.
  const queryIndex = g.op('Unsqueeze', [g.op('Range', [past, S, g.int64(1)]), g.int64([1])]);
  const keyIndex = unsqueeze0(g.op('Range', [g.int64(0), S, g.int64(1)]));
  const causal = g.op('LessOrEqual', [keyIndex, queryIndex]);
  const notPadding = g.op('Unsqueeze', [
    g.op('Cast', [ATTENTION_MASK], [attr.int('to', DataType.BOOL)]),
    g.int64([1, 2]),
  ]);
  const isSelf = g.op('Equal', [keyIndex, queryIndex]);
  const visible = g.op('And', [causal, g.op('Or', [notPadding, isSelf])]);
  const bias = g.op('Where', [visible, g.floatScalar(0), g.floatScalar(MASKED_SCORE)]);

  const layerNorm = (input: string, prefix: string) =>
    g.op(
      'LayerNormalization',
      [input, w(`${prefix}G`), w(`${prefix}B`)],
      [attr.int('axis', -1), attr.float('epsilon', config.normEps)],
    );
  const linear = (input: string, weight: string, biasName: string) =>
    g.op('Add', [g.op('MatMul', [input, w(weight)]), w(biasName)]);
  const headsShape = g.int64([0, 0, config.nHead, hd]);
  const toHeads = (input: string) =>
    g.op('Transpose', [g.op('Reshape', [input, headsShape])], [attr.ints('perm', [0, 2, 1, 3])]);
  const scale = g.floatScalar(1 / Math.sqrt(hd));

  for (let l = 0; l < config.nLayer; l++) {
    const p = `h${l}.`;
    const qkv = linear(layerNorm(x, `${p}ln1`), `${p}wQkv`, `${p}bQkv`);
    const [q, k, v] = g.node(
      'Split',
      [qkv, g.int64([d, d, d])],
      [attr.int('axis', 2)],
      [`${p}q`, `${p}k`, `${p}v`],
    ) as [string, string, string];
    const key = g.op(
      'Concat',
      [pastKeyName(l), rotate(toHeads(k))],
      [attr.int('axis', 2)],
      presentKeyName(l),
    );
    const value = g.op('Concat', [pastValueName(l), toHeads(v)], [attr.int('axis', 2)], presentValueName(l));
    const keyT = g.op('Transpose', [key], [attr.ints('perm', [0, 1, 3, 2])]);
    const scores = g.op('Add', [g.op('Mul', [g.op('MatMul', [rotate(toHeads(q)), keyT]), scale]), bias]);
    const heads = g.op('MatMul', [g.op('Softmax', [scores], [attr.int('axis', -1)]), value]);
    const merged = g.op('Reshape', [
      g.op('Transpose', [heads], [attr.ints('perm', [0, 2, 1, 3])]),
      g.int64([0, 0, d]),
    ]);
    x = g.op('Add', [x, linear(merged, `${p}wO`, `${p}bO`)]);
    const hidden = gelu(g, linear(layerNorm(x, `${p}ln2`), `${p}wFc`, `${p}bFc`));
    x = g.op('Add', [x, linear(hidden, `${p}wProj`, `${p}bProj`)]);
  }
  const wteTransposed = g.floatTensor('wte_transposed', transpose2d(weights.get('wte')), [
    d,
    config.vocabSize,
  ]);
  g.op('MatMul', [layerNorm(x, 'lnF'), wteTransposed], [], LOGITS);

  return g.toModel(graphInputs(config), graphOutputs(config), 'crossover GPT with KV cache');
}

/**
 * Rotary embedding of [batch, heads, T, headDim] queries or keys at `positions` [batch, T]:
 * x * cos + rotateHalf(x) * sin with the tables gpt.ts uses, gathered once and shared by every layer.
 */
function rotaryRotation(g: GraphBuilder, config: ModelConfig, positions: string): (x: string) => string {
  const hd = headDim(config);
  const tables = rotaryTables(config);
  const at = (table: Float32Array, name: string) =>
    g.op('Unsqueeze', [
      g.op('Gather', [g.floatTensor(name, table, [config.blockSize, hd]), positions]),
      g.int64([1]),
    ]);
  const cos = at(tables.cos, 'rotary_cos');
  const sin = at(tables.sin, 'rotary_sin');
  const halves = g.int64([hd / 2, hd / 2]);
  return (x) => {
    const [x1, x2] = g.node('Split', [x, halves], [attr.int('axis', 3)], [`${x}_r1`, `${x}_r2`]) as [
      string,
      string,
    ];
    const rotated = g.op('Concat', [g.op('Neg', [x2]), x1], [attr.int('axis', 3)]);
    return g.op('Add', [g.op('Mul', [x, cos]), g.op('Mul', [rotated, sin])]);
  };
}

/** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), in the order gpt.ts computes it. */
function gelu(g: GraphBuilder, x: string): string {
  const cubic = g.op('Mul', [g.op('Mul', [g.op('Mul', [x, x]), x]), g.floatScalar(0.044715)]);
  const inner = g.op('Mul', [g.op('Add', [x, cubic]), g.floatScalar(Math.sqrt(2 / Math.PI))]);
  return g.op('Mul', [
    g.op('Mul', [x, g.floatScalar(0.5)]),
    g.op('Add', [g.op('Tanh', [inner]), g.floatScalar(1)]),
  ]);
}

function graphInputs(config: ModelConfig) {
  const cache = [];
  for (let l = 0; l < config.nLayer; l++) {
    for (const name of [pastKeyName(l), pastValueName(l)]) {
      cache.push(
        valueInfo(name, DataType.FLOAT, [
          'batch_size',
          config.nHead,
          'past_sequence_length',
          headDim(config),
        ]),
      );
    }
  }
  return [
    valueInfo(INPUT_IDS, DataType.INT64, ['batch_size', 'sequence_length']),
    valueInfo(ATTENTION_MASK, DataType.INT64, ['batch_size', 'total_sequence_length']),
    ...cache,
  ];
}

function graphOutputs(config: ModelConfig) {
  const cache = [];
  for (let l = 0; l < config.nLayer; l++) {
    for (const name of [presentKeyName(l), presentValueName(l)]) {
      cache.push(
        valueInfo(name, DataType.FLOAT, [
          'batch_size',
          config.nHead,
          'total_sequence_length',
          headDim(config),
        ]),
      );
    }
  }
  return [valueInfo(LOGITS, DataType.FLOAT, ['batch_size', 'sequence_length', config.vocabSize]), ...cache];
}

interface WeightData {
  values: Float32Array;
  shape: number[];
}

function weightData(model: Gpt): Map<string, WeightData> {
  return new Map(
    namedWeights(model).map(([name, v]) => [name, { values: v.dataSync() as Float32Array, shape: v.shape }]),
  );
}

function transpose2d(weight: WeightData | undefined): Float32Array {
  if (weight?.shape.length !== 2) throw new Error('expected a 2-D weight');
  const [rows, cols] = weight.shape as [number, number];
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = weight.values[r * cols + c] as number;
  return out;
}

export function buildSidecar(
  model: Gpt,
  tokenizer: TokenizerSpec,
  meta: Record<string, unknown>,
): OnnxSidecar {
  const { config } = model;
  // A sidecar whose tokenizer does not match the embedding would sample ids that decode to nonsense.
  if (tokenizer.vocab_size !== config.vocabSize)
    throw new Error(`the model has ${config.vocabSize} tokens but its tokenizer ${tokenizer.vocab_size}`);
  return {
    format: 'crossover-gpt-onnx',
    format_version: 1,
    opset: OPSET,
    config,
    tokenizer,
    model_type: 'crossover-gpt',
    num_hidden_layers: config.nLayer,
    num_attention_heads: config.nHead,
    hidden_size: config.dModel,
    head_dim: headDim(config),
    vocab_size: config.vocabSize,
    max_position_embeddings: config.blockSize,
    bos_token_id: tokenizer.bos_token_id,
    eos_token_id: tokenizer.eos_token_id,
    pad_token_id: tokenizer.pad_token_id,
    meta,
  };
}

/** `model.onnx` -> `model.json`: the sidecar lives next to the model. */
export function sidecarPath(onnxPath: string): string {
  return `${onnxPath.replace(/\.onnx$/i, '')}.json`;
}

export async function exportOnnx(
  model: Gpt,
  tokenizer: TokenizerSpec,
  outPath: string,
  meta: Record<string, unknown> = {},
): Promise<{ onnxPath: string; sidecarPath: string; bytes: number }> {
  const bytes = buildOnnxModel(model);
  await writeFile(outPath, bytes);
  const sidecar = sidecarPath(outPath);
  await writeFile(sidecar, `${JSON.stringify(buildSidecar(model, tokenizer, meta), null, 2)}\n`);
  return { onnxPath: outPath, sidecarPath: sidecar, bytes: bytes.length };
}
