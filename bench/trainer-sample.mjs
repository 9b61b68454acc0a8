// Sampling throughput of an exported model through onnxruntime-node (the BUILT trainer: `npm run build`
// in apps/trainer first): batched generation with the KV cache against recomputing the whole sequence
// at every step, same model, same prompts, same run. Greedy decoding with no EOS, so both produce
// exactly `tokens` tokens per row (and the same ones).
//   node bench/trainer-sample.mjs [tokens] [preset]
import { pathToFileURL } from 'node:url';
import { selectBackend } from '../apps/trainer/dist/backend/select.js';
import { resolveConfig } from '../apps/trainer/dist/model/config.js';
import { createGpt } from '../apps/trainer/dist/model/gpt.js';
import { buildOnnxModel, buildSidecar } from '../apps/trainer/dist/onnx/export.js';
import { OnnxGpt } from '../apps/trainer/dist/onnx/session.js';
import { generateBatch } from '../apps/trainer/dist/sample/generate.js';
import { ByteTokenizer } from '../apps/trainer/dist/tokenizer/bytes.js';

export async function main(tokens = Number(process.argv[2] ?? 256), preset = process.argv[3] ?? 'tiny') {
  await selectBackend('cpu');
  const tokenizer = new ByteTokenizer();
  const model = createGpt(resolveConfig(preset, tokenizer.vocabSize, {}), 1);
  const session = await OnnxGpt.fromBytes(buildOnnxModel(model), buildSidecar(model, tokenizer.toJSON(), {}));
  const prompt = tokenizer.encode('Numbers [3, 7, 8, 1], target 24.\n<think>');
  const batch = 8;
  const requests = Array.from({ length: batch }, (_, i) => ({
    prompt: [tokenizer.bos, ...prompt.slice(i % 4)],
    seed: i,
  }));
  const options = { temperature: 0, topP: 1, maxTokens: tokens, eos: -1, pad: tokenizer.pad };
  console.log(
    `preset ${preset}, batch ${batch}, prompt ~${prompt.length} tokens, ${tokens} new tokens per row`,
  );
  const results = {};
  for (const [name, useCache] of [
    ['kv-cache', true],
    ['recompute', false],
  ]) {
    const started = performance.now();
    const rows = await generateBatch(session, requests, { ...options, useCache });
    const seconds = (performance.now() - started) / 1000;
    const generated = rows.reduce((n, r) => n + r.tokens.length, 0);
    results[name] = { rows, rate: generated / seconds };
    console.log(
      `${name.padEnd(10)} ${generated} tokens in ${seconds.toFixed(2)} s: ${results[name].rate.toFixed(0)} tokens/s`,
    );
  }
  const same = JSON.stringify(results['kv-cache'].rows) === JSON.stringify(results.recompute.rows);
  console.log(
    `kv-cache / recompute: ${(results['kv-cache'].rate / results.recompute.rate).toFixed(1)}x (same tokens: ${same})`,
  );
  await session.release();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
