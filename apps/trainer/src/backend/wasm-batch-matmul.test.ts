import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import './gradients.js';
import { selectBackend } from './select.js';
import { planProduct, wasmBatchMatMulInstalled } from './wasm-batch-matmul.js';

afterAll(() => selectBackend('cpu'));

/** Deterministic values in [-1, 1), different for every shape and seed. */
function values(shape: number[], seed: number): Float32Array {
  const out = new Float32Array(tf.util.sizeFromShape(shape));
  let state = seed * 2654435761;
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

interface Case {
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
}

const CASES: Case[] = [
  { a: [4, 7, 5], b: [4, 5, 6] },
  { a: [2, 3, 9, 4], b: [2, 3, 4, 9] }, // attention's [batch, heads, T, hd] x [batch, heads, hd, T]
  { a: [2, 3, 9, 9], b: [2, 3, 9, 4] },
  { a: [3, 6, 5], b: [3, 7, 5], transposeB: true },
  { a: [3, 5, 6], b: [3, 5, 7], transposeA: true },
  { a: [3, 5, 6], b: [3, 7, 5], transposeA: true, transposeB: true },
  { a: [5, 4, 3], b: [1, 3, 8] }, // one b for every a
  { a: [1, 4, 3], b: [5, 3, 8] }, // one a for every b
  { a: [4, 3], b: [2, 5, 3, 6] }, // a 2-D a broadcast over two batch axes
  { a: [6, 5], b: [7, 5], transposeB: true }, // 2-D, transposed: also through the views
  { a: [6, 5], b: [5, 7] }, // 2-D plain: the stock kernel
];

/** The product on the cpu backend, the reference. */
async function onCpu({ a, b, transposeA = false, transposeB = false }: Case, seed: number) {
  await selectBackend('cpu');
  return tf.tidy(() => {
    const product = tf.matMul(
      tf.tensor(values(a, seed), a),
      tf.tensor(values(b, seed + 1), b),
      transposeA,
      transposeB,
    );
    return { shape: product.shape, data: Array.from(product.dataSync()) };
  });
}

describe('wasm BatchMatMul on 2-D views', () => {
  beforeAll(() => selectBackend('wasm'));

  it('is the wasm backend kernel once the backend is selected', async () => {
    await selectBackend('wasm');
    const kernel = tf.getKernel('BatchMatMul', 'wasm');
    expect(wasmBatchMatMulInstalled()).toBe(true);
    // Selecting again does not wrap the kernel twice.
    await selectBackend('wasm');
    expect(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc).toBe(kernel?.kernelFunc);
  });

  it.each(CASES.map((c, i) => [i, c] as const))('case %i gives the cpu backend product', async (i, c) => {
    const expected = await onCpu(c, 10 + i);
    await selectBackend('wasm');
    const before = tf.memory().numTensors;
    const a = tf.tensor(values(c.a, 10 + i), c.a);
    const b = tf.tensor(values(c.b, 11 + i), c.b);
    const product = tf.matMul(a, b, c.transposeA, c.transposeB);
    expect(product.shape).toEqual(expected.shape);
    const got = product.dataSync();
    const worst = expected.data.reduce((m, x, j) => Math.max(m, Math.abs(x - (got[j] as number))), 0);
    expect(worst).toBeLessThan(1e-5);
    // The operands are untouched (views write only into the product) and nothing leaks.
    expect(Array.from(a.dataSync())).toEqual(Array.from(values(c.a, 10 + i)));
    tf.dispose([a, b, product]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the gradients of a batched product that the cpu backend gives', async () => {
    const grads = async (backend: 'cpu' | 'wasm') => {
      await selectBackend(backend);
      return tf.tidy(() => {
        const a = tf.tensor(values([2, 2, 6, 4], 3), [2, 2, 6, 4]);
        const b = tf.tensor(values([2, 2, 4, 6], 4), [2, 2, 4, 6]);
        const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y))))([a, b]);
        return [Array.from((ga as tf.Tensor).dataSync()), Array.from((gb as tf.Tensor).dataSync())];
      });
    };
    const cpu = await grads('cpu');
    const wasm = await grads('wasm');
    const worst = cpu.flatMap((g, i) => g.map((x, j) => Math.abs(x - (wasm[i]?.[j] as number))));
    expect(Math.max(...worst)).toBeLessThan(1e-4);
  });
});

describe('planProduct', () => {
  const info = (shape: number[], dtype: tf.DataType = 'float32') => ({ dataId: {}, shape, dtype });

  it('leaves plain 2-D products, other dtypes and empty operands to the stock kernel', () => {
    expect(planProduct(info([3, 4]), info([4, 5]), false, false)).toBeNull();
    expect(planProduct(info([2, 3, 4], 'int32'), info([2, 4, 5], 'int32'), false, false)).toBeNull();
    expect(planProduct(info([2, 0, 4]), info([2, 4, 5]), false, false)).toBeNull();
    expect(planProduct(info([2, 3, 4]), info([2, 5, 5]), false, false)).toBeNull(); // inner sizes differ
    // Many against many ([2, 1] against [1, 3] batch axes) is left to the stock kernel too.
    expect(planProduct(info([2, 1, 4, 5]), info([1, 3, 5, 2]), false, false)).toBeNull();
  });

  it('broadcasts one entry against many, in either operand', () => {
    expect(planProduct(info([1, 3, 4]), info([6, 4, 5]), false, false)).toMatchObject({
      batch: 6,
      batchA: 1,
      batchB: 6,
      outShape: [6, 3, 5],
    });
    expect(planProduct(info([3, 4]), info([2, 3, 4, 5]), false, false)?.outShape).toEqual([2, 3, 3, 5]);
  });
});
