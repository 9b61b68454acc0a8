// RL rounds of the BUILT trainer (`npm run build` in apps/trainer first), from the shipped Countdown SFT
// checkpoint on countdown/easy-style prompts: real rollouts (the ONNX sampler, the verifier's rewards) and
// a GRPO update, as `crossover train --algo grpo` runs them.
// 1. The update that leaves zero-advantage rows out of the passes (what the trainer does) against the
//    baseline that runs every row: same model, same batch; both must give the same loss and weights.
// 2. Seconds per round on 1 core (sampling and gradients on this thread) and on 2 cores (two sampler
//    threads, then the gradient split with one worker thread), same rounds, same run.
//   node bench/trainer-rl.mjs [rounds] [prompts-per-round] [group-size]
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateCountdownProblems } from '@crossover/tasks';
import { selectBackend } from '../apps/trainer/dist/backend/select.js';
import { namedWeights } from '../apps/trainer/dist/model/gpt.js';
import { trainingRows } from '../apps/trainer/dist/rl/loop.js';
import { sampleRollouts } from '../apps/trainer/dist/rl/rollout.js';
import { policyUpdate } from '../apps/trainer/dist/rl/update.js';
import { startSamplerHost } from '../apps/trainer/dist/sample/sampler.js';
import { ByteTokenizer } from '../apps/trainer/dist/tokenizer/bytes.js';
import { AdamW } from '../apps/trainer/dist/train/adamw.js';
import { loadCheckpoint } from '../apps/trainer/dist/train/checkpoint.js';
import { GradientWorkers } from '../apps/trainer/dist/train/gradient-workers.js';
import { countdownDifficulty } from '../apps/trainer/dist/train/run-train.js';

const CHECKPOINT = fileURLToPath(new URL('../apps/trainer/checkpoints/countdown-easy-sft', import.meta.url));

export async function main(rounds = 4, promptsPerRound = 16, groupSize = 8) {
  const backend = await selectBackend('auto');
  const tokenizer = new ByteTokenizer();
  const { model, config } = await loadCheckpoint(CHECKPOINT);
  const train = config.train;
  const problems = generateCountdownProblems({
    ...countdownDifficulty(train),
    seed: 99,
    count: rounds * promptsPerRound,
    idPrefix: 'countdown/bench',
  });
  const update = {
    algo: 'grpo',
    clipEps: 0.2,
    clipEpsHigh: 0.2,
    klBeta: 0,
    numIterations: 1,
    aggregation: 'sequence-mean',
    maxCompletionLength: 128,
    microBatch: 16,
    gradClip: 1,
    temperature: 1,
  };
  const rollout = {
    groupSize,
    temperature: 1,
    topP: 1,
    maxTokens: 128,
    batchSize: 32,
    template: train.template ?? 'compact',
    formatReward: 0,
  };
  console.log(
    `backend ${backend.name}, ${availableParallelism()} cores; ${rounds} rounds of ${promptsPerRound} prompts x ${groupSize} samples from ${CHECKPOINT}`,
  );
  const weights = namedWeights(model).map(([, v]) => v);
  const initial = weights.map((w) => w.clone());
  const reset = () => {
    for (const [i, w] of weights.entries()) w.assign(initial[i]);
  };

  // 1. Zero-advantage rows left out of the passes, against every row through them.
  const rollouts = await sampleRollouts(model, tokenizer, problems.slice(0, promptsPerRound), {
    ...rollout,
    seed: 1,
  });
  const batch = trainingRows(rollouts, { algo: 'grpo', groupSize, scaleRewards: 'group' });
  const skipped = batch.coefficients.filter((c) => c === 0).length;
  console.log(`1. ${batch.rows.length} rows, ${skipped} with advantage 0`);
  const results = {};
  for (const [name, coefficients] of [
    ['skip-zero', batch.coefficients],
    ['all-rows', batch.coefficients.map((a) => (a === 0 ? 1e-30 : a))],
  ]) {
    reset();
    const optimizer = new AdamW(weights);
    const started = performance.now();
    const { losses } = await policyUpdate({
      model,
      weights,
      optimizer,
      rows: batch.rows,
      coefficients,
      pad: tokenizer.pad,
      lrAt: () => 1e-3,
      options: update,
    });
    const seconds = (performance.now() - started) / 1000;
    const checksum = weights.reduce((s, w) => s + w.sum().dataSync()[0], 0);
    results[name] = seconds;
    console.log(
      `   ${name.padEnd(10)} ${seconds.toFixed(2)} s, loss ${losses[0]}, weight checksum ${checksum.toFixed(6)}`,
    );
    optimizer.dispose();
  }
  console.log(`   all-rows / skip-zero: ${(results['all-rows'] / results['skip-zero']).toFixed(2)}x`);

  // 2. Whole rounds on 1 and 2 cores.
  console.log('2. seconds per round (sampling + update)');
  const perRound = {};
  for (const cores of [1, 2]) {
    reset();
    const optimizer = new AdamW(weights);
    const gradients = cores > 1 ? await GradientWorkers.start(cores, model.config, backend.name) : undefined;
    const sampler = await startSamplerHost({ workers: cores, threads: 1 });
    const times = { sample: 0, update: 0 };
    try {
      // Round -1 warms the threads up (kernels, first allocations) and is not timed.
      for (let round = -1; round < rounds; round++) {
        const started = performance.now();
        const first = Math.max(0, round) * promptsPerRound;
        const prompts = problems.slice(first, first + promptsPerRound);
        const sampled = await sampleRollouts(
          model,
          tokenizer,
          prompts,
          { ...rollout, seed: 10 + round },
          sampler,
        );
        const middle = performance.now();
        const rows = trainingRows(sampled, { algo: 'grpo', groupSize, scaleRewards: 'group' });
        await policyUpdate({
          model,
          weights,
          optimizer,
          rows: rows.rows,
          coefficients: rows.coefficients,
          pad: tokenizer.pad,
          lrAt: () => 3e-4,
          options: update,
          ...(gradients ? { workers: gradients } : {}),
        });
        if (round < 0) continue;
        times.sample += (middle - started) / 1000;
        times.update += (performance.now() - middle) / 1000;
      }
    } finally {
      await Promise.all([gradients?.stop(), sampler.close()]);
      optimizer.dispose();
    }
    perRound[cores] = (times.sample + times.update) / rounds;
    console.log(
      `   ${cores} core${cores > 1 ? 's' : ' '}  ${perRound[cores].toFixed(2)} s a round (sampling ${(times.sample / rounds).toFixed(2)} s, update ${(times.update / rounds).toFixed(2)} s)`,
    );
  }
  console.log(`RL step speed-up, 2 cores vs 1: ${(perRound[1] / perRound[2]).toFixed(2)}x`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(...process.argv.slice(2, 5).map(Number));
