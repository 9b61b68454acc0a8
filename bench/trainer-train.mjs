// Training throughput of the crossover GPT (the BUILT trainer: `npm run build` in apps/trainer first):
// tokens/s of a full SFT step (forward, backward, AdamW) and the fraction of the backend's own matMul
// peak that it reaches, both measured in this run:
//   utilisation = model FLOPs per step / step time / FLOP/s of a plain large matMul.
//   node bench/trainer-train.mjs [backend] [preset]     (backend: auto | wasm | cpu | tensorflow ...)
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../apps/trainer/dist/backend/select.js';
import {
  installWasmBatchMatMul,
  restoreStockWasmBatchMatMul,
} from '../apps/trainer/dist/backend/wasm-batch-matmul.js';
import { resolveConfig } from '../apps/trainer/dist/model/config.js';
import { createGpt, disposeGpt, namedWeights } from '../apps/trainer/dist/model/gpt.js';
import { AdamW } from '../apps/trainer/dist/train/adamw.js';
import { GradientWorkers } from '../apps/trainer/dist/train/gradient-workers.js';
import { parallelTrainStep, trainStep } from '../apps/trainer/dist/train/loop.js';

/** A full token batch (every position trained) of fixed pseudo-random bytes. */
function syntheticBatch(batch, length) {
  const n = batch * length;
  return {
    batch,
    length,
    inputs: Int32Array.from({ length: n }, (_, i) => (i * 7) % 256),
    targets: Int32Array.from({ length: n }, (_, i) => (i * 11) % 256),
    lossMask: new Float32Array(n).fill(1),
    tokens: n,
  };
}

/** Median of `repeats` timed runs of an async step after one warm-up, in ms. */
async function timeAsync(fn, repeats) {
  await fn();
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** Median of `repeats` timed runs after one warm-up, in ms. */
function time(fn, repeats) {
  fn();
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    fn();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

/** FLOP/s of one plain [m, k] x [k, n] matMul. */
function matMulRate(m, k, n) {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal([k, n]);
  // Reduce before reading back: copying the whole product out would be timed as matMul work.
  const ms = time(() => tf.tidy(() => tf.sum(tf.matMul(a, b)).dataSync()), 5);
  tf.dispose([a, b]);
  return (2 * m * k * n) / (ms / 1000);
}

/**
 * The backend's matMul ceiling: the best of a few large plain matMuls, square and shaped like the
 * training step's (many rows, model-width columns), since backends favour different shapes.
 */
function matMulPeak() {
  const shapes = [
    [512, 512, 512],
    [1024, 1024, 1024],
    [2560, 128, 512],
    [2560, 512, 128],
  ];
  const rates = shapes.map(([m, k, n]) => ({ shape: `${m}x${k}x${n}`, rate: matMulRate(m, k, n) }));
  return rates.reduce((best, r) => (r.rate > best.rate ? r : best));
}

/**
 * Matmul FLOPs of one training step (forward + backward = 3 x forward): the weight matmuls, the one-hot
 * embedding matmul and the tied output layer (2 FLOPs per weight per token forward), plus attention's
 * QK^T and AV (4 T^2 d per layer per sequence forward).
 */
export function stepFlops(config, batch, length) {
  const { nLayer: L, dModel: d, dMlp: m, vocabSize: V } = config;
  const weightsPerToken = L * (d * 3 * d + d * d + 2 * d * m) + 2 * V * d;
  const forward = batch * length * 2 * weightsPerToken + batch * L * 4 * length * length * d;
  return 3 * forward;
}

export async function main(backendName = process.argv[2] ?? 'auto', preset = process.argv[3] ?? 'tiny') {
  const backend = await selectBackend(backendName);
  const best = matMulPeak();
  const peak = best.rate;
  console.log(
    `backend ${backend.name}; best plain matMul (${best.shape}): ${(peak / 1e9).toFixed(2)} GFLOP/s`,
  );
  const config = resolveConfig(preset, 259, {});
  const model = createGpt(config, 1);
  const weights = namedWeights(model).map(([, v]) => v);
  const optimizer = new AdamW(weights);
  console.log('preset  batch  length  ms/step   tokens/s  GFLOP/s  of matMul peak');
  let share16x160 = 0;
  for (const [batch, length] of [
    [16, 64],
    [16, 160],
    [8, 320],
  ]) {
    const n = batch * length;
    const tokens = syntheticBatch(batch, length);
    const ms = time(() => trainStep(model, weights, optimizer, tokens, 1e-4, 1), 3);
    const flops = stepFlops(config, batch, length) / (ms / 1000);
    if (batch === 16 && length === 160) share16x160 = (100 * flops) / peak;
    console.log(
      `${preset.padEnd(6)}  ${String(batch).padStart(5)}  ${String(length).padStart(6)}  ${ms.toFixed(0).padStart(7)}  ` +
        `${((n * 1000) / ms).toFixed(0).padStart(9)}  ${(flops / 1e9).toFixed(2).padStart(7)}  ${((100 * flops) / peak).toFixed(0).padStart(13)}%`,
    );
  }
  if (backend.name === 'wasm') stockKernelStep(model, weights, optimizer, preset);
  optimizer.dispose();
  disposeGpt(model);
  await dataParallel(backend.name, preset);
  console.log(`share of matMul peak (${preset}, 16x160): ${share16x160.toFixed(0)}%`);
}

/**
 * The 16 x 160 step again with tfjs's stock wasm BatchMatMul, whose batched products run a plain loop,
 * against this project's kernel (2-D products on views; see src/backend/wasm-batch-matmul.ts).
 */
function stockKernelStep(model, weights, optimizer, preset) {
  const tokens = syntheticBatch(16, 160);
  const step = () => trainStep(model, weights, optimizer, tokens, 1e-4, 1);
  restoreStockWasmBatchMatMul();
  const stock = time(step, 3);
  installWasmBatchMatMul();
  const views = time(step, 3);
  console.log(
    `${preset}, 16 x 160: ${stock.toFixed(0)} ms/step with the stock wasm BatchMatMul, ${views.toFixed(0)} ms ` +
      `with 2-D products on views: ${(stock / views).toFixed(2)}x`,
  );
}

/**
 * Data parallelism (`crossover train --workers N`): tokens/s of the same full steps with the batch shared
 * by N threads, against one thread in the same run. Uses the tiny CPU proof's shape (d_model 64, batch 32).
 */
async function dataParallel(backendName, preset) {
  if (backendName !== 'wasm' && backendName !== 'cpu') return;
  const config = resolveConfig(preset, 259, { dModel: 64 });
  const batch = 32;
  const length = 160;
  const n = batch * length;
  const tokens = syntheticBatch(batch, length);
  console.log(`\ndata parallel, ${preset} with d_model 64, batch ${batch} x ${length} tokens`);
  console.log('threads  ms/step   tokens/s  vs 1 thread');
  let single = 0;
  for (const threads of [1, 2, 4]) {
    const model = createGpt(config, 1);
    const weights = namedWeights(model).map(([, v]) => v);
    const optimizer = new AdamW(weights);
    const workers = await GradientWorkers.start(threads, config, backendName);
    const ms = await timeAsync(
      () => parallelTrainStep(workers, model, weights, optimizer, tokens, 1e-4, 1),
      3,
    );
    await workers.stop();
    optimizer.dispose();
    disposeGpt(model);
    const rate = (n * 1000) / ms;
    if (threads === 1) single = rate;
    console.log(
      `${String(threads).padStart(7)}  ${ms.toFixed(0).padStart(7)}  ${rate.toFixed(0).padStart(9)}  ${(rate / single).toFixed(2).padStart(10)}x`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
