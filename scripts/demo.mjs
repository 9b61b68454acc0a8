// `npm start`: the whole Crossover loop on this machine, offline. Starts the eval API under wrangler/workerd
// with a local D1, issues a local API key, takes the shipped SFT base (trained by `crossover train`, see
// apps/trainer/README.md; or trains one when CROSSOVER_DEMO_SFT_MINUTES is set), runs GRPO from it for real,
// exports both to ONNX, samples them on countdown/easy, submits the samples as leaderboard runs, prints what
// the comparison says and the URLs, and keeps the API up until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstall } from './ensure-install.mjs';
import { comparisonVerdict } from './lib/comparison-verdict.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages', 'cli', 'dist', 'cli.js');
const shippedBase = join(root, 'apps', 'trainer', 'checkpoints', 'countdown-easy-sft');
const TASKSET = 'countdown/easy';
const settings = {
  // 0 (the default): start from the shipped SFT base instead of training one.
  sftMinutes: Number(process.env.CROSSOVER_DEMO_SFT_MINUTES ?? 0),
  grpoSteps: Number(process.env.CROSSOVER_DEMO_GRPO_STEPS ?? 25),
  problems: Number(process.env.CROSSOVER_DEMO_PROBLEMS ?? 128),
  samples: Number(process.env.CROSSOVER_DEMO_SAMPLES ?? 16),
  maxTokens: Number(process.env.CROSSOVER_DEMO_MAX_TOKENS ?? 128),
  port: process.env.CROSSOVER_DEMO_PORT ? Number(process.env.CROSSOVER_DEMO_PORT) : undefined,
};

let worker = null;
let current = null;

async function shutdown(code) {
  current?.kill('SIGTERM');
  await worker?.stop();
  process.exit(code);
}
process.on('SIGINT', () => {
  console.log('\nstopping…');
  void shutdown(130);
});
process.on('SIGTERM', () => void shutdown(143));

function step(title) {
  console.log(`\n== ${title}`);
}

/** Runs `crossover <args>` with its progress on this terminal; rejects on a non-zero exit. */
function crossover(args) {
  return new Promise((resolve, reject) => {
    current = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
    current.on('exit', (code, signal) => {
      current = null;
      if (code === 0) resolve();
      else reject(new Error(`crossover ${args[0]} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

async function api(path, init = {}) {
  const response = await fetch(`${worker.url}${path}`, init);
  const body = await response.json();
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function issueKey(adminSecret) {
  const issued = await api('/v1/keys', {
    method: 'POST',
    headers: { authorization: `Bearer ${adminSecret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'local demo' }),
  });
  return issued.key;
}

/** Exports a checkpoint, samples the demo problems from it and submits them as a run; returns the run id. */
async function evaluateAndSubmit({ name, method, checkpoint, step: trainingStep, dir, key, seed }) {
  const model = join(dir, `${name}.onnx`);
  const generations = join(dir, `${name}.generations.jsonl`);
  await crossover(['export', '--checkpoint', checkpoint, '--out', model]);
  // The same sampling settings go to the sampler and, as the run's metadata, to the leaderboard.
  const sampling = [
    '--temperature',
    '1.0',
    '--top-p',
    '1.0',
    '--max-tokens',
    String(settings.maxTokens),
    '--seed',
    String(seed),
  ];
  await crossover([
    'sample',
    '--model',
    model,
    '--task',
    'countdown',
    '--taskset',
    TASKSET,
    '--limit',
    String(settings.problems),
    '--n',
    String(settings.samples),
    ...sampling,
    '--out',
    generations,
  ]);
  const submitArgs = [
    'submit',
    generations,
    '--api',
    worker.url,
    '--key',
    key,
    '--model',
    name,
    '--method',
    method,
    '--task',
    'countdown',
    '--taskset',
    TASKSET,
    ...sampling,
    '--notes',
    'npm start demo (tiny model, d_model 64, CPU)',
  ];
  if (trainingStep !== undefined) submitArgs.push('--step', String(trainingStep));
  if (method !== 'sft') submitArgs.push('--base-model', 'demo-tiny-sft');
  await crossover(submitArgs);
  return { name, model, generations };
}

/** The SFT flags of the CPU experiment, cut short by --max-minutes (CROSSOVER_DEMO_SFT_MINUTES). */
function sftRecipe(minutes) {
  const config = JSON.parse(
    readFileSync(join(root, 'apps', 'trainer', 'configs', 'countdown-cpu-from-scratch.json'), 'utf8'),
  );
  const flags = { ...config.sft, 'max-minutes': minutes, 'eval-every': 0, 'eval-problems': 16 };
  return [
    '--task',
    'countdown',
    '--seed',
    String(config.seed),
    ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, String(v)]),
  ];
}

function printSummary(board, k) {
  const rows = board.runs;
  console.log(
    `\n${'model'.padEnd(22)}${'method'.padEnd(10)}${'pass@1'.padStart(9)}${`pass@${k}`.padStart(9)}  mean length correct / incorrect`,
  );
  for (const run of rows) {
    const pct = (value) => (typeof value === 'number' ? `${(value * 100).toFixed(1)}%` : '-');
    const len = (value) => (typeof value === 'number' ? value.toFixed(1) : '-');
    console.log(
      `${String(run.model).padEnd(22)}${String(run.method).padEnd(10)}${pct(run.pass_at_1).padStart(9)}${pct(run.pass_at_k).padStart(9)}  ${len(run.mean_length_correct)} / ${len(run.mean_length_incorrect)}`,
    );
  }
}

async function main() {
  ensureInstall();
  step('building');
  const build = spawnSync(
    join(root, 'node_modules', '.bin', 'turbo'),
    ['run', 'build', '--output-logs=errors-only'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (build.status !== 0) throw new Error('build failed');
  const { startLocalWorker } = await import('../apps/eval-api/scripts/local-worker.mjs');

  const dir = join(root, 'runs', `demo-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(dir, { recursive: true });
  const adminSecret = randomBytes(24).toString('hex');
  step('starting the eval API (wrangler dev, local D1, R2 and queue; migrations applied)');
  worker = await startLocalWorker({
    persistDir: join(dir, 'wrangler-state'),
    adminSecret,
    port: settings.port,
  });
  console.log(`eval API at ${worker.url}`);
  const key = await issueKey(adminSecret);
  writeFileSync(join(dir, 'api-key.txt'), `${key}\n`, { mode: 0o600 });
  console.log(`local API key written to ${relative(root, join(dir, 'api-key.txt'))}`);

  const sftDir = settings.sftMinutes > 0 ? join(dir, 'sft') : shippedBase;
  if (settings.sftMinutes > 0) {
    step(`SFT warm start of the tiny model on Countdown (${settings.sftMinutes} minutes)`);
    await crossover(['train', '--algo', 'sft', ...sftRecipe(settings.sftMinutes), '--run-dir', sftDir]);
  } else {
    step(
      `SFT base: the shipped checkpoint ${relative(root, sftDir)} (how it was trained: apps/trainer/README.md)`,
    );
  }
  const runs = [
    await evaluateAndSubmit({ name: 'demo-tiny-sft', method: 'sft', checkpoint: sftDir, dir, key, seed: 1 }),
  ];

  step(`GRPO, ${settings.grpoSteps} steps from the SFT base (16 prompts x 8 samples a step)`);
  const grpoDir = join(dir, 'grpo');
  await crossover([
    'train',
    '--algo',
    'grpo',
    '--task',
    'countdown',
    '--init',
    sftDir,
    '--steps',
    String(settings.grpoSteps),
    // The CPU experiment's RL settings (apps/trainer/configs/countdown-cpu.json).
    '--lr',
    '3e-4',
    '--warmup',
    '3',
    '--prompts-per-step',
    '16',
    '--group-size',
    '8',
    '--max-tokens',
    String(settings.maxTokens),
    '--train-size',
    '4000',
    '--eval-every',
    '0',
    '--eval-problems',
    '0',
    '--checkpoint-every',
    String(settings.grpoSteps),
    '--run-dir',
    grpoDir,
  ]);
  runs.push(
    await evaluateAndSubmit({
      name: 'demo-tiny-grpo',
      method: 'grpo',
      checkpoint: grpoDir,
      step: settings.grpoSteps,
      dir,
      key,
      // The same sampling seed: the two runs differ by their weights alone.
      seed: 1,
    }),
  );

  step('leaderboard');
  const query = `task=countdown&taskset=${encodeURIComponent(TASKSET)}&k=${settings.samples}`;
  const board = await api(`/v1/leaderboard?${query}`);
  printSummary(board, settings.samples);
  const id = (model) => board.runs.find((run) => run.model === model)?.run_id;
  const [grpoId, baseId] = [id('demo-tiny-grpo'), id('demo-tiny-sft')];
  step('what the comparison says (GRPO vs its SFT base, paired over the same problems)');
  const comparison = await api(`/v1/compare?a=${grpoId}&b=${baseId}`);
  console.log(comparisonVerdict(comparison));
  console.log(`\nLeaderboard:        ${worker.url}/`);
  console.log(`Leaderboard (JSON): ${worker.url}/v1/leaderboard?${query}`);
  for (const run of board.runs) console.log(`Run ${run.model}: ${worker.url}/runs/${run.run_id}`);
  console.log(`Compare:            ${worker.url}/compare?a=${grpoId}&b=${baseId}`);
  console.log(`Files (checkpoints, metrics.jsonl, ONNX models, generations): ${relative(root, dir)}/`);
  for (const run of runs) console.log(`  ${relative(root, run.model)}  ${relative(root, run.generations)}`);
  if (process.env.CROSSOVER_DEMO_EXIT === '1') return shutdown(0);
  console.log('\nThe API stays up for you to browse. Press Ctrl-C to stop.');
}

main().catch(async (error) => {
  console.error(`\ndemo failed: ${error.message}`);
  if (worker && existsSync(cli)) console.error(worker.log().slice(-2000));
  await shutdown(1);
});
