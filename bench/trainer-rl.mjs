// One GRPO update of the BUILT trainer (`npm run build` in apps/trainer first) on a batch where half the
// groups have equal rewards (advantage 0), as is common early in RL: the update that leaves those rows
// out of the forward/backward passes (what the trainer does) against the baseline that runs every row,
// same model, same batch, same run. Both must give the same loss and the same weights.
//   node bench/trainer-rl.mjs [rows] [tokens]
import { pathToFileURL } from 'node:url';
import { selectBackend } from '../apps/trainer/dist/backend/select.js';
import { resolveConfig } from '../apps/trainer/dist/model/config.js';
import { createGpt, namedWeights } from '../apps/trainer/dist/model/gpt.js';
import { Rng } from '../apps/trainer/dist/model/rng.js';
import { groupAdvantages } from '../apps/trainer/dist/rl/advantages.js';
import { policyUpdate } from '../apps/trainer/dist/rl/update.js';
import { ByteTokenizer } from '../apps/trainer/dist/tokenizer/bytes.js';
import { AdamW } from '../apps/trainer/dist/train/adamw.js';

export async function main(rows = 32, tokens = 64) {
  const backend = await selectBackend('auto');
  const tokenizer = new ByteTokenizer();
  const config = resolveConfig('tiny', tokenizer.vocabSize, { dModel: 64, nLayer: 2, nHead: 2 });
  const rng = new Rng(7);
  const sequences = Array.from({ length: rows }, () => ({
    ids: [tokenizer.bos, ...Array.from({ length: 16 + tokens }, () => rng.int(256)), tokenizer.eos],
    completionStart: 17,
  }));
  // Groups of 8: the first half mixed, the second half all wrong.
  const rewards = sequences.map((_, i) => (i < rows / 2 && i % 3 === 0 ? 1 : 0));
  const advantages = groupAdvantages(rewards, 8, 'group');
  const options = {
    algo: 'grpo',
    clipEps: 0.2,
    clipEpsHigh: 0.2,
    klBeta: 0,
    numIterations: 1,
    aggregation: 'sequence-mean',
    maxCompletionLength: tokens + 1,
    microBatch: 16,
    gradClip: 1,
  };
  console.log(
    `backend ${backend.name}, ${rows} rows of ${tokens + 17} tokens, ${advantages.filter((a) => a === 0).length} with advantage 0`,
  );
  const results = {};
  // The baseline gives the zero-advantage rows a negligible advantage, so they go through the passes.
  for (const [name, coefficients] of [
    ['skip-zero', advantages],
    ['all-rows', advantages.map((a) => (a === 0 ? 1e-30 : a))],
  ]) {
    const model = createGpt(config, 1);
    const weights = namedWeights(model).map(([, v]) => v);
    const optimizer = new AdamW(weights);
    const update = () =>
      policyUpdate({
        model,
        weights,
        optimizer,
        rows: sequences,
        coefficients,
        pad: tokenizer.pad,
        lrAt: () => 1e-3,
        options,
      });
    update(); // warm-up: kernels and allocations
    const started = performance.now();
    const { losses } = update();
    const seconds = (performance.now() - started) / 1000;
    const checksum = weights.reduce((s, w) => s + w.sum().dataSync()[0], 0);
    results[name] = { seconds, loss: losses[0], checksum };
    console.log(
      `${name.padEnd(10)} ${seconds.toFixed(2)} s, loss ${losses[0]}, weight checksum ${checksum.toFixed(6)}`,
    );
    optimizer.dispose();
  }
  console.log(
    `all-rows / skip-zero: ${(results['all-rows'].seconds / results['skip-zero'].seconds).toFixed(2)}x`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(Number(process.argv[2] ?? 32), Number(process.argv[3] ?? 64));
