/**
 * A BatchMatMul kernel for the tfjs wasm backend that runs each batch entry through the backend's fast 2-D
 * product. The stock kernel sends every product with a batch dimension (attention's [batch, heads, T, hd]
 * products and their gradients) and every transposed one down a plain loop at 1–2 GFLOP/s, while its 2-D
 * path (XNNPACK) runs 5–10x faster on the same shapes. Here each entry becomes a zero-copy view: a tensor
 * registered with the wasm module at an offset inside the batched buffer, so nothing is split or copied;
 * an operand read transposed is transposed once, as a whole, first.
 */
import * as tf from '@tensorflow/tfjs-core';

type TensorInfo = tf.TensorInfo;

/** The parts of tfjs-backend-wasm's BackendWasm (not exported as a type) this kernel uses. */
interface WasmBackend {
  wasm: {
    cwrap(name: string, returnType: null, argTypes: string[]): (...args: unknown[]) => void;
    tfjs: {
      registerTensor(id: number, size: number, memoryOffset: number): void;
      disposeData(id: number): void;
    };
  };
  dataIdMap: { get(dataId: object): { id: number; memoryOffset: number } | undefined };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  disposeData(dataId: object): boolean;
}

interface BatchMatMulArgs {
  inputs: { a: TensorInfo; b: TensorInfo };
  backend: WasmBackend;
  attrs: { transposeA: boolean; transposeB: boolean };
}

type KernelFunc = (args: BatchMatMulArgs) => TensorInfo;

const BYTES_PER_FLOAT = 4;

/** The operands as rank-3 [batch, rows, cols] blocks, and the product's dimensions. */
interface ProductPlan {
  batch: number;
  batchA: number;
  batchB: number;
  /** Rows and columns of one stored entry of a and of b (before any transpose). */
  a: [number, number];
  b: [number, number];
  m: number;
  k: number;
  n: number;
  outShape: number[];
}

/**
 * The plan, or null when this kernel does not apply: another dtype, an empty operand, batch shapes that
 * broadcast other than one-against-many, or a plain 2-D product (the stock kernel is already fast there).
 */
export function planProduct(
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): ProductPlan | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  if (a.shape.length < 2 || b.shape.length < 2) return null;
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
  if (!sameOuter && batchA !== 1 && batchB !== 1) return null;
  const rowsA = a.shape[a.shape.length - 2] as number;
  const colsA = a.shape[a.shape.length - 1] as number;
  const rowsB = b.shape[b.shape.length - 2] as number;
  const colsB = b.shape[b.shape.length - 1] as number;
  const [m, k] = transposeA ? [colsA, rowsA] : [rowsA, colsA];
  const [kB, n] = transposeB ? [colsB, rowsB] : [rowsB, colsB];
  if (k !== kB) return null; // the stock kernel words the shape error
  const batch = Math.max(batchA, batchB);
  if (batch === 1 && !transposeA && !transposeB) return null;
  if (m === 0 || n === 0 || k === 0 || batch === 0) return null;
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  return { batch, batchA, batchB, a: [rowsA, colsA], b: [rowsB, colsB], m, k, n, outShape: [...outer, m, n] };
}

/** The wasm module's own BatchMatMul entry point, bound once per backend. */
const rawProducts = new WeakMap<WasmBackend, (...args: unknown[]) => void>();

function rawProductOf(backend: WasmBackend): (...args: unknown[]) => void {
  let raw = rawProducts.get(backend);
  if (!raw) {
    raw = backend.wasm.cwrap('BatchMatMul', null, [
      'number',
      'array',
      'number',
      'number',
      'array',
      'number',
      'number',
      'number',
      'number',
    ]);
    rawProducts.set(backend, raw);
  }
  return raw;
}

/** The [batch, rows, cols] block with its last two axes swapped, through the backend's Transpose kernel. */
function swapRowsAndCols(
  backend: WasmBackend,
  x: TensorInfo,
  batch: number,
  [rows, cols]: [number, number],
): TensorInfo {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) throw new Error('the wasm backend has no Transpose kernel');
  const block: TensorInfo = { dataId: x.dataId, shape: [batch, rows, cols], dtype: x.dtype };
  return transpose.kernelFunc({
    inputs: { x: block },
    backend: backend as unknown as tf.KernelBackend,
    attrs: { perm: [0, 2, 1] },
  }) as TensorInfo;
}

function offsetOf(backend: WasmBackend, x: TensorInfo): number {
  const data = backend.dataIdMap.get(x.dataId);
  if (!data) throw new Error('BatchMatMul: an operand is not on the wasm backend');
  return data.memoryOffset;
}

function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

/** out[i] = a[i] @ b[i] for every entry, each through the 2-D path on views; a and b untransposed. */
function productsOnViews(
  backend: WasmBackend,
  plan: ProductPlan,
  a: TensorInfo,
  b: TensorInfo,
  out: TensorInfo,
): void {
  const { m, k, n } = plan;
  const raw = rawProductOf(backend);
  const aShape = shapeBytes([1, m, k]);
  const bShape = shapeBytes([1, k, n]);
  const [aBase, bBase, outBase] = [offsetOf(backend, a), offsetOf(backend, b), offsetOf(backend, out)];
  // Ids from the backend's own counter, so a view never shares an id with a real tensor.
  const aId = backend.dataIdNextNumber++;
  const bId = backend.dataIdNextNumber++;
  const outId = backend.dataIdNextNumber++;
  for (let i = 0; i < plan.batch; i++) {
    const aEntry = plan.batchA === 1 ? 0 : i;
    const bEntry = plan.batchB === 1 ? 0 : i;
    backend.wasm.tfjs.registerTensor(aId, m * k, aBase + aEntry * m * k * BYTES_PER_FLOAT);
    backend.wasm.tfjs.registerTensor(bId, k * n, bBase + bEntry * k * n * BYTES_PER_FLOAT);
    backend.wasm.tfjs.registerTensor(outId, m * n, outBase + i * m * n * BYTES_PER_FLOAT);
    try {
      raw(aId, aShape, 3, bId, bShape, 3, false, false, outId);
    } finally {
      // Unregistering drops the module's record (and any operator cached for that id), never the memory.
      backend.wasm.tfjs.disposeData(aId);
      backend.wasm.tfjs.disposeData(bId);
      backend.wasm.tfjs.disposeData(outId);
    }
  }
}

/** The kernel: the plan's view-by-view product, or the stock kernel where the plan does not apply. */
export function batchMatMulOnViews(stock: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const plan = planProduct(inputs.a, inputs.b, attrs.transposeA, attrs.transposeB);
    if (!plan) return stock(args);
    const swapped: TensorInfo[] = [];
    try {
      const a = attrs.transposeA ? swapRowsAndCols(backend, inputs.a, plan.batchA, plan.a) : inputs.a;
      const b = attrs.transposeB ? swapRowsAndCols(backend, inputs.b, plan.batchB, plan.b) : inputs.b;
      if (attrs.transposeA) swapped.push(a);
      if (attrs.transposeB) swapped.push(b);
      const out = backend.makeOutput([plan.batch, plan.m, plan.n], 'float32');
      try {
        productsOnViews(backend, plan, a, b, out);
      } catch (error) {
        backend.disposeData(out.dataId);
        throw error;
      }
      return { ...out, shape: plan.outShape };
    } finally {
      for (const info of swapped) backend.disposeData(info.dataId);
    }
  };
}

const installed = new WeakSet<object>();
let stockConfig: tf.KernelConfig | undefined;

/** Whether the wasm backend's BatchMatMul is this module's kernel. */
export function wasmBatchMatMulInstalled(): boolean {
  const current = tf.getKernel('BatchMatMul', 'wasm');
  return current !== undefined && installed.has(current.kernelFunc);
}

/**
 * Replaces the wasm backend's BatchMatMul with the view-by-view kernel (the stock one still serves the
 * shapes it does not cover). Idempotent; a no-op when the wasm backend is not registered.
 */
export function installWasmBatchMatMul(): void {
  const stock = tf.getKernel('BatchMatMul', 'wasm');
  if (!stock || installed.has(stock.kernelFunc)) return;
  stockConfig = stock;
  const kernelFunc = batchMatMulOnViews(stock.kernelFunc as unknown as KernelFunc);
  installed.add(kernelFunc);
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    // The stock kernel binds its wasm function in its setup, which runs when the backend initialises.
    setupFunc: stock.setupFunc,
    kernelFunc: kernelFunc as unknown as tf.KernelFunc,
  });
}

/** Puts the stock kernel back (the training benchmark times both in one run). */
export function restoreStockWasmBatchMatMul(): void {
  if (!stockConfig || !wasmBatchMatMulInstalled()) return;
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel(stockConfig);
}
