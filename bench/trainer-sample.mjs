// Sampling through onnxruntime-node with the BUILT trainer (`npm run build` in apps/trainer first).
// 1. Batched generation with the KV cache against recomputing the whole sequence at every step: same
//    model, same prompts, greedy with no EOS, so both produce the same tokens.
// 2. The sampler's overhead: the time per decode step of `generateBatch` (tiny preset, batch 64, the
//    `crossover sample` defaults T 0.8 / top-p 0.95, and T 1 / top-p 1 as in RL) against the time spent
//    inside onnxruntime's own `session.run` for those same steps, measured in the same calls.
//   node bench/trainer-sample.mjs [tokens] [preset]
import { pathToFileURL } from 'node:url';
import { selectBackend } from '../apps/trainer/dist/backend/select.js';
import { resolveConfig } from '../apps/trainer/dist/model/config.js';
import { createGpt } from '../apps/trainer/dist/model/gpt.js';
import { buildOnnxModel, buildSidecar } from '../apps/trainer/dist/onnx/export.js';
import { OnnxGpt } from '../apps/trainer/dist/onnx/session.js';
import { generateBatch } from '../apps/trainer/dist/sample/generate.js';
import { ByteTokenizer } from '../apps/trainer/dist/tokenizer/bytes.js';

const PROMPT = 'Numbers [3, 7, 8, 1], target 24.\n<think>';

export async function main(tokens = Number(process.argv[2] ?? 128), preset = process.argv[3] ?? 'tiny') {
  await selectBackend('cpu');
  const tokenizer = new ByteTokenizer();
  const model = createGpt(resolveConfig(preset, tokenizer.vocabSize, {}), 1);
  const session = await OnnxGpt.fromBytes(
    buildOnnxModel(model),
    buildSidecar(model, tokenizer.toJSON(), {}),
    {
      threads: 1,
    },
  );
  const prompt = tokenizer.encode(PROMPT);
  const requestsOf = (batch) =>
    Array.from({ length: batch }, (_, i) => ({ prompt: [tokenizer.bos, ...prompt.slice(i % 4)], seed: i }));
  const base = { maxTokens: tokens, eos: -1, pad: tokenizer.pad };

  console.log(`1. preset ${preset}, batch 8, ${tokens} new tokens per row, greedy`);
  const results = {};
  for (const [name, useCache] of [
    ['kv-cache', true],
    ['recompute', false],
  ]) {
    const started = performance.now();
    const rows = await generateBatch(session, requestsOf(8), { ...base, temperature: 0, topP: 1, useCache });
    const seconds = (performance.now() - started) / 1000;
    const generated = rows.reduce((n, r) => n + r.tokens.length, 0);
    results[name] = { rows, rate: generated / seconds };
    console.log(
      `   ${name.padEnd(10)} ${generated} tokens in ${seconds.toFixed(2)} s: ${results[name].rate.toFixed(0)} tokens/s`,
    );
  }
  const same = JSON.stringify(results['kv-cache'].rows) === JSON.stringify(results.recompute.rows);
  console.log(
    `   kv-cache / recompute: ${(results['kv-cache'].rate / results.recompute.rate).toFixed(1)}x (same tokens: ${same})`,
  );

  // Time inside onnxruntime, counted around the session's own run.
  const run = session.session.run.bind(session.session);
  let inside = 0;
  session.session.run = async (...args) => {
    const started = performance.now();
    const out = await run(...args);
    inside += performance.now() - started;
    return out;
  };
  console.log(
    `2. preset ${preset}, batch 64, ${tokens} new tokens per row (prompt and ${tokens - 1} decode steps)`,
  );
  let ratio = 0;
  for (const [label, sampling] of [
    ['T 1, top-p 1', { temperature: 1, topP: 1 }],
    ['T 0.8, top-p 0.95', { temperature: 0.8, topP: 0.95 }],
  ]) {
    await generateBatch(session, requestsOf(64), { ...base, ...sampling, maxTokens: 8 }); // warm-up
    let total = 0;
    inside = 0;
    const repeats = 3;
    for (let r = 0; r < repeats; r++) {
      const started = performance.now();
      await generateBatch(session, requestsOf(64), { ...base, ...sampling });
      total += performance.now() - started;
    }
    const steps = repeats * tokens;
    ratio = total / inside;
    console.log(
      `   ${label.padEnd(18)} generateBatch ${(total / steps).toFixed(2)} ms a step, session.run ${(inside / steps).toFixed(2)} ms: ${ratio.toFixed(2)}x`,
    );
  }
  await session.release();
  console.log(`sampler overhead vs session.run (${preset}, batch 64): ${ratio.toFixed(2)}x`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
