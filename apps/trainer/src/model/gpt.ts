/**
 * A decoder-only transformer (GPT-2 shape) in TensorFlow.js: token + learned position embeddings, pre-norm
 * blocks of causal self-attention and a GELU MLP, a final LayerNorm, and an output layer tied to the token
 * embedding. The same forward pass serves training (whole sequences) and the reference for the ONNX
 * export (left padding through `attentionMask`, a KV cache through `past`).
 *
 * Two choices are made for the wasm backend, where they matter most:
 * - token and position lookups are one-hot matMuls, because wasm has no UnsortedSegmentSum kernel for the
 *   gradient of a gather;
 * - every matMul goes through `matMulPlain`, whose gradient transposes explicitly instead of passing
 *   transpose flags, which wasm runs several times slower.
 */
import * as tf from '@tensorflow/tfjs-core';
import '../backend/gradients.js';
import { headDim, type ModelConfig, rotaryTables, usesRotary, validateConfig } from './config.js';
import { Rng } from './rng.js';

export interface BlockParams {
  ln1G: tf.Variable;
  ln1B: tf.Variable;
  /** Query, key and value projections side by side: [dModel, 3 * dModel]. */
  wQkv: tf.Variable;
  bQkv: tf.Variable;
  wO: tf.Variable;
  bO: tf.Variable;
  ln2G: tf.Variable;
  ln2B: tf.Variable;
  wFc: tf.Variable;
  bFc: tf.Variable;
  wProj: tf.Variable;
  bProj: tf.Variable;
}

export interface Gpt {
  config: ModelConfig;
  /** Token embedding [vocab, d], also the output layer (tied). */
  wte: tf.Variable;
  /** Learned position embedding [blockSize, d]; null with rotary positions. */
  wpe: tf.Variable | null;
  /** Rotary cos and sin tables [blockSize, headDim] (constants); null with learned positions. */
  rotary: { cos: tf.Tensor2D; sin: tf.Tensor2D } | null;
  blocks: BlockParams[];
  lnFG: tf.Variable;
  lnFB: tf.Variable;
}

/** Keys and values of one layer: [batch, nHead, length, headDim]. */
export interface LayerCache {
  key: tf.Tensor4D;
  value: tf.Tensor4D;
}

export interface ForwardOptions {
  /** 1 for real tokens, 0 for padding, over past + current positions: [batch, past + T]. */
  attentionMask?: tf.Tensor2D;
  /** One entry per layer, from an earlier call's `present`. */
  past?: LayerCache[];
}

export interface ForwardResult {
  /** [batch, T, vocab] */
  logits: tf.Tensor3D;
  /** Keys and values of past + current positions, one entry per layer. */
  present: LayerCache[];
}

/** Added to the attention scores of masked positions; finite so that fully masked rows stay NaN-free. */
export const MASKED_SCORE = -1e9;

const BLOCK_PARAM_NAMES = [
  'ln1G',
  'ln1B',
  'wQkv',
  'bQkv',
  'wO',
  'bO',
  'ln2G',
  'ln2B',
  'wFc',
  'bFc',
  'wProj',
  'bProj',
] as const satisfies readonly (keyof BlockParams)[];

/** Weights initialised as in GPT-2: N(0, 0.02), residual projections scaled by 1/sqrt(2 * nLayer). */
export function createGpt(config: ModelConfig, seed: number): Gpt {
  validateConfig(config);
  const rng = new Rng(seed);
  const { vocabSize, blockSize, dModel: d, dMlp, nLayer } = config;
  const std = 0.02;
  const residualStd = std / Math.sqrt(2 * nLayer);
  const normal = (name: string, shape: number[], s: number) =>
    variable(name, randomNormal(rng, shape, s), shape);
  const filled = (name: string, shape: number[], value: number) =>
    variable(name, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value), shape);
  const wte = normal('wte', [vocabSize, d], std);
  const rotary = usesRotary(config) ? rotaryConstants(config) : null;
  const wpe = rotary ? null : normal('wpe', [blockSize, d], std / 2);
  const blocks: BlockParams[] = [];
  for (let l = 0; l < nLayer; l++) {
    const p = `h${l}.`;
    blocks.push({
      ln1G: filled(`${p}ln1G`, [d], 1),
      ln1B: filled(`${p}ln1B`, [d], 0),
      wQkv: normal(`${p}wQkv`, [d, 3 * d], std),
      bQkv: filled(`${p}bQkv`, [3 * d], 0),
      wO: normal(`${p}wO`, [d, d], residualStd),
      bO: filled(`${p}bO`, [d], 0),
      ln2G: filled(`${p}ln2G`, [d], 1),
      ln2B: filled(`${p}ln2B`, [d], 0),
      wFc: normal(`${p}wFc`, [d, dMlp], std),
      bFc: filled(`${p}bFc`, [dMlp], 0),
      wProj: normal(`${p}wProj`, [dMlp, d], residualStd),
      bProj: filled(`${p}bProj`, [d], 0),
    });
  }
  return { config, wte, wpe, rotary, blocks, lnFG: filled('lnFG', [d], 1), lnFB: filled('lnFB', [d], 0) };
}

function rotaryConstants(config: ModelConfig): { cos: tf.Tensor2D; sin: tf.Tensor2D } {
  const { cos, sin } = rotaryTables(config);
  const shape: [number, number] = [config.blockSize, headDim(config)];
  return { cos: tf.tensor2d(cos, shape), sin: tf.tensor2d(sin, shape) };
}

/** Every weight with a stable name, in a fixed order (checkpoints and the ONNX export rely on it). */
export function namedWeights(model: Gpt): [string, tf.Variable][] {
  const out: [string, tf.Variable][] = [['wte', model.wte]];
  if (model.wpe) out.push(['wpe', model.wpe]);
  model.blocks.forEach((block, l) => {
    for (const name of BLOCK_PARAM_NAMES) out.push([`h${l}.${name}`, block[name]]);
  });
  out.push(['lnFG', model.lnFG], ['lnFB', model.lnFB]);
  return out;
}

export function disposeGpt(model: Gpt): void {
  for (const [, v] of namedWeights(model)) v.dispose();
  if (model.rotary) tf.dispose([model.rotary.cos, model.rotary.sin]);
}

export function parameterCount(model: Gpt): number {
  return namedWeights(model).reduce((sum, [, v]) => sum + v.size, 0);
}

/** Logits for `inputIds` [batch, T] (int32), continuing `past` when given. */
export function forward(model: Gpt, inputIds: tf.Tensor2D, options: ForwardOptions = {}): ForwardResult {
  const { config } = model;
  const [batch, T] = inputIds.shape;
  const past = options.past ?? [];
  const pastLength = past[0]?.key.shape[2] ?? 0;
  const d = config.dModel;

  if (pastLength + T > config.blockSize) {
    throw new RangeError(`sequence of ${pastLength + T} tokens exceeds blockSize ${config.blockSize}`);
  }
  const positions = positionIds(batch, T, pastLength, options.attentionMask);
  const tokens = tf.reshape(embed(tf.reshape(inputIds, [batch * T]), model.wte), [batch, T, d]);
  let x = (model.wpe ? tf.add(tokens, positionEmbedding(model.wpe, positions)) : tokens) as tf.Tensor3D;
  const rotation = model.rotary ? rotaryAt(model.rotary, positions) : null;
  const bias = attentionBias(batch, T, pastLength, options.attentionMask);

  const present: LayerCache[] = [];
  model.blocks.forEach((block, l) => {
    const normed = layerNorm(x, block.ln1G, block.ln1B, config.normEps);
    const attended = attention(config, block, normed, bias, rotation, past[l]);
    present.push(attended.cache);
    x = tf.add(x, attended.out);
    x = tf.add(x, mlp(block, layerNorm(x, block.ln2G, block.ln2B, config.normEps)));
  });

  const h = tf.reshape(layerNorm(x, model.lnFG, model.lnFB, config.normEps), [batch * T, d]);
  const logits = tf.reshape(matMulPlain(h, tf.transpose(model.wte)), [
    batch,
    T,
    config.vocabSize,
  ]) as tf.Tensor3D;
  return { logits, present };
}

/** Mean next-token cross-entropy over positions where `lossMask` is 1. targets, lossMask: [batch, T]. */
export function crossEntropy(logits: tf.Tensor3D, targets: tf.Tensor2D, lossMask: tf.Tensor2D): tf.Scalar {
  const [batch, T, vocab] = logits.shape;
  const logProbs = tf.logSoftmax(tf.reshape(logits, [batch * T, vocab]));
  // A one-hot product instead of a gather, again for the gradient on wasm.
  const oneHot = floatOneHot(tf.reshape(targets, [batch * T]), vocab);
  const picked = tf.sum(tf.mul(logProbs, oneHot), -1);
  const mask = tf.cast(tf.reshape(lossMask, [batch * T]), 'float32');
  return tf.div(tf.neg(tf.sum(tf.mul(picked, mask))), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
}

function attention(
  config: ModelConfig,
  block: BlockParams,
  x: tf.Tensor3D,
  bias: tf.Tensor4D,
  rotation: Rotation | null,
  past: LayerCache | undefined,
): { out: tf.Tensor3D; cache: LayerCache } {
  const [batch, T, d] = x.shape;
  const nHead = config.nHead;
  const hd = headDim(config);
  const qkv = tf.add(matMulPlain(tf.reshape(x, [batch * T, d]), block.wQkv), block.bQkv);
  const [qRaw, kRaw, v] = tf.split(qkv, 3, 1).map((part) => splitHeads(part, batch, T, nHead, hd)) as [
    tf.Tensor4D,
    tf.Tensor4D,
    tf.Tensor4D,
  ];
  // Keys enter the cache already rotated, as in Hugging Face's and onnxruntime-genai's caches.
  const q = rotation ? rotate(qRaw, rotation) : qRaw;
  const k = rotation ? rotate(kRaw, rotation) : kRaw;
  const key = past ? tf.concat([past.key, k], 2) : k;
  const value = past ? tf.concat([past.value, v], 2) : v;
  const scores = tf.add(tf.mul(matMulPlain(q, tf.transpose(key, [0, 1, 3, 2])), 1 / Math.sqrt(hd)), bias);
  const heads = matMulPlain(tf.softmax(scores), value); // [batch, nHead, T, hd]
  const merged = tf.reshape(tf.transpose(heads, [0, 2, 1, 3]), [batch * T, d]);
  const out = tf.reshape(tf.add(matMulPlain(merged, block.wO), block.bO), [batch, T, d]) as tf.Tensor3D;
  return { out, cache: { key, value } };
}

function mlp(block: BlockParams, x: tf.Tensor3D): tf.Tensor3D {
  const [batch, T, d] = x.shape;
  const hidden = gelu(tf.add(matMulPlain(tf.reshape(x, [batch * T, d]), block.wFc), block.bFc));
  return tf.reshape(tf.add(matMulPlain(hidden, block.wProj), block.bProj), [batch, T, d]) as tf.Tensor3D;
}

/** GELU, tanh approximation (GPT-2's); the ONNX export writes the same formula. */
export function gelu(x: tf.Tensor): tf.Tensor {
  const cubic = tf.mul(tf.mul(tf.mul(x, x), x), 0.044715);
  const inner = tf.mul(tf.add(x, cubic), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
}

function layerNorm(x: tf.Tensor3D, gain: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor3D {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normed, gain), bias) as tf.Tensor3D;
}

function splitHeads(x: tf.Tensor, batch: number, T: number, nHead: number, hd: number): tf.Tensor4D {
  return tf.transpose(tf.reshape(x, [batch, T, nHead, hd]), [0, 2, 1, 3]) as tf.Tensor4D;
}

function embed(ids: tf.Tensor, table: tf.Tensor): tf.Tensor2D {
  return matMulPlain(floatOneHot(ids, table.shape[0] as number), table) as tf.Tensor2D;
}

/**
 * One-hot rows as float32. Built as int32 and cast: the wasm OneHot kernel ignores a float32 dtype and
 * writes integer bit patterns (1 reads as 1.4e-45).
 */
function floatOneHot(ids: tf.Tensor, depth: number): tf.Tensor2D {
  return tf.cast(
    tf.oneHot(tf.cast(ids, 'int32') as tf.Tensor1D, depth, 1, 0, 'int32'),
    'float32',
  ) as tf.Tensor2D;
}

/** Positions of the T new tokens: contiguous from `pastLength`, or counted from the mask. */
type Positions = { start: number; length: number } | { ids: tf.Tensor1D; batch: number; length: number };

/**
 * Positions count real tokens only, so a left-padded prompt starts at position 0 like an unpadded one:
 * position = max(cumsum(mask) - 1, 0), as transformers and onnxruntime-genai compute it.
 */
function positionIds(batch: number, T: number, pastLength: number, attentionMask?: tf.Tensor2D): Positions {
  if (!attentionMask) return { start: pastLength, length: T };
  const counted = tf.maximum(tf.sub(tf.cumsum(tf.cast(attentionMask, 'int32'), 1), 1), 0);
  const ids = tf.reshape(tf.slice(counted, [0, pastLength], [batch, T]), [batch * T]) as tf.Tensor1D;
  return { ids, batch, length: T };
}

/** Rows of a [blockSize, width] table at the positions: [1 | batch, T, width]. */
function rowsAt(table: tf.Tensor, positions: Positions): tf.Tensor3D {
  const width = table.shape[1] as number;
  if ('start' in positions) {
    return tf.reshape(tf.slice(table, [positions.start, 0], [positions.length, width]), [
      1,
      positions.length,
      width,
    ]);
  }
  return tf.reshape(embed(positions.ids, table), [positions.batch, positions.length, width]);
}

function positionEmbedding(wpe: tf.Tensor, positions: Positions): tf.Tensor3D {
  return rowsAt(wpe, positions);
}

/**
 * cos and sin at the positions, shaped to broadcast over heads: [1 | batch, 1, T, headDim], and the
 * [headDim, headDim] matrix of rotateHalf.
 */
interface Rotation {
  cos: tf.Tensor4D;
  sin: tf.Tensor4D;
  halfTurn: tf.Tensor2D;
}

function rotaryAt(tables: { cos: tf.Tensor2D; sin: tf.Tensor2D }, positions: Positions): Rotation {
  const expand = (t: tf.Tensor3D) => tf.expandDims(t, 1) as tf.Tensor4D;
  const cos = expand(rowsAt(tables.cos, positions));
  return { cos, sin: expand(rowsAt(tables.sin, positions)), halfTurn: halfTurnMatrix(cos.shape[3]) };
}

/** R with x @ R = rotateHalf(x) = [-x2, x1] for x = [x1, x2] (halves of the last axis). */
function halfTurnMatrix(headDim: number): tf.Tensor2D {
  const half = headDim / 2;
  const values = new Float32Array(headDim * headDim);
  for (let i = 0; i < half; i++) {
    values[(i + half) * headDim + i] = -1; // out[i] = -x[i + half]
    values[i * headDim + i + half] = 1; // out[i + half] = x[i]
  }
  return tf.tensor2d(values, [headDim, headDim]);
}

/**
 * x * cos + rotateHalf(x) * sin. rotateHalf is a product with a signed permutation matrix: on wasm that
 * costs a tenth of the split, negate and concat it stands for, forward and backward.
 */
function rotate(x: tf.Tensor4D, { cos, sin, halfTurn }: Rotation): tf.Tensor4D {
  const headDim = x.shape[3] as number;
  const rotated = tf.reshape(matMulPlain(tf.reshape(x, [-1, headDim]), halfTurn), x.shape);
  return tf.add(tf.mul(x, cos), tf.mul(rotated, sin)) as tf.Tensor4D;
}

/**
 * 0 where query i may attend key j, MASKED_SCORE elsewhere: [batch|1, 1, T, S]. Visible means causal and
 * not padding; a query always sees itself, so a padding row is still defined (and causal).
 */
function attentionBias(
  batch: number,
  T: number,
  pastLength: number,
  attentionMask?: tf.Tensor2D,
): tf.Tensor4D {
  const S = pastLength + T;
  const mask = attentionMask ? attentionMask.dataSync() : undefined;
  if (mask && mask.length !== batch * S) {
    throw new RangeError(`attentionMask must be [${batch}, ${S}], got ${attentionMask?.shape.join('x')}`);
  }
  const rows = mask ? batch : 1;
  const bias = new Float32Array(rows * T * S);
  for (let b = 0; b < rows; b++) {
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < S; j++) {
        const self = j === pastLength + i;
        const padding = mask !== undefined && mask[b * S + j] === 0;
        const allowed = j <= pastLength + i && (!padding || self);
        bias[(b * T + i) * S + j] = allowed ? 0 : MASKED_SCORE;
      }
    }
  }
  return tf.tensor4d(bias, [rows, 1, T, S]);
}

/**
 * a @ b for rank 2 or rank 4 (batched) tensors. The gradient is written with explicit transposes: the
 * transpose-flag matMuls that tfjs's own gradient uses run several times slower on the wasm backend.
 */
export const matMulPlain: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor = tf.customGrad(
  (a: tf.Tensor | tf.GradSaveFunc, b: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const left = a as tf.Tensor;
    const right = b as tf.Tensor;
    (save as tf.GradSaveFunc)([left, right]);
    return {
      value: tf.matMul(left, right),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sa, sb] = saved as [tf.Tensor, tf.Tensor];
        return [tf.matMul(dy, swapLastAxes(sb)), tf.matMul(swapLastAxes(sa), dy)];
      },
    };
  },
) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

function swapLastAxes(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const n = perm.length;
  perm[n - 1] = n - 2;
  perm[n - 2] = n - 1;
  return tf.transpose(x, perm);
}

function randomNormal(rng: Rng, shape: number[], std: number): Float32Array {
  const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < values.length; i++) values[i] = rng.normal() * std;
  return values;
}

function variable(name: string, values: Float32Array, shape: number[]): tf.Variable {
  return tf.variable(tf.tensor(values, shape, 'float32'), true, `${name}_${nextVariableId++}`);
}

// tfjs variable names are global; a counter keeps two models in one process apart.
let nextVariableId = 0;
