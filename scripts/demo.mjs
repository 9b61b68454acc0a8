// `npm start`: the whole Crossover loop on this machine, offline. Starts the eval API under wrangler/workerd
// with a local D1, issues a local API key, trains the tiny model on Countdown (SFT, then a few GRPO steps when
// the trainer has them), exports ONNX, samples, submits the samples as leaderboard runs, prints the summary and
// the URLs, and keeps the API up until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstall } from './ensure-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'apps', 'trainer', 'dist', 'cli.js');
const settings = {
  sftMinutes: Number(process.env.CROSSOVER_DEMO_SFT_MINUTES ?? 4),
  grpoSteps: Number(process.env.CROSSOVER_DEMO_GRPO_STEPS ?? 3),
  problems: Number(process.env.CROSSOVER_DEMO_PROBLEMS ?? 32),
  samples: Number(process.env.CROSSOVER_DEMO_SAMPLES ?? 8),
  maxTokens: Number(process.env.CROSSOVER_DEMO_MAX_TOKENS ?? 160),
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

function trainerHas(algo) {
  const help = spawnSync(process.execPath, [cli, 'train', '--help'], { encoding: 'utf8' }).stdout ?? '';
  return help.includes(`"${algo}"`);
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
    'countdown/test',
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
    'countdown/test',
    ...sampling,
    '--notes',
    'npm start demo (tiny preset, CPU)',
  ];
  if (trainingStep !== undefined) submitArgs.push('--step', String(trainingStep));
  if (method !== 'sft') submitArgs.push('--base-model', 'demo-tiny-sft');
  await crossover(submitArgs);
  return { name, model, generations };
}

function printSummary(board) {
  const rows = board.runs;
  console.log(
    `\n${'model'.padEnd(22)}${'method'.padEnd(10)}${'pass@1'.padStart(9)}${'pass@8'.padStart(9)}  mean length correct / incorrect`,
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

  step(`SFT warm start of the tiny model on Countdown (${settings.sftMinutes} minutes)`);
  const sftDir = join(dir, 'sft');
  await crossover([
    'train',
    '--algo',
    'sft',
    '--task',
    'countdown',
    '--preset',
    'tiny',
    // The settings that learned fastest on 2 CPU cores (apps/trainer/README.md), cut short by --max-minutes.
    '--d-model',
    '64',
    '--template',
    'compact',
    '--term-order',
    'listed',
    // about 52 steps a minute with both cores of a 2-core machine; the cosine schedule ends with the time
    '--steps',
    String(Math.max(50, Math.round(settings.sftMinutes * 52))),
    '--warmup',
    '30',
    '--batch-size',
    '32',
    '--lr',
    '5e-3',
    '--min-lr',
    '5e-4',
    '--train-size',
    '40000',
    '--copy-aux',
    '8000',
    '--max-minutes',
    String(settings.sftMinutes),
    '--eval-every',
    '0',
    '--eval-problems',
    '16',
    '--eval-max-tokens',
    String(settings.maxTokens),
    '--run-dir',
    sftDir,
  ]);
  const runs = [
    await evaluateAndSubmit({ name: 'demo-tiny-sft', method: 'sft', checkpoint: sftDir, dir, key, seed: 1 }),
  ];

  if (trainerHas('grpo')) {
    step(`GRPO, ${settings.grpoSteps} steps from the SFT checkpoint`);
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
      // A few steps at the RL default of 1e-5 barely move the model; the demo wants a visible change.
      '--lr',
      '2e-4',
      '--eval-every',
      '0',
      '--eval-problems',
      '16',
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
        seed: 2,
      }),
    );
  } else {
    console.log('\n(this build of the trainer has no GRPO yet: the demo stops after SFT)');
  }

  step('leaderboard');
  const board = await api(`/v1/leaderboard?task=countdown&k=8`);
  printSummary(board);
  const listed = board.runs;
  console.log(`\nLeaderboard:        ${worker.url}/`);
  console.log(`Leaderboard (JSON): ${worker.url}/v1/leaderboard?task=countdown&k=8`);
  for (const run of listed) console.log(`Run ${run.model}: ${worker.url}/runs/${run.run_id}`);
  if (listed.length >= 2)
    console.log(`Compare:            ${worker.url}/compare?a=${listed[0].run_id}&b=${listed[1].run_id}`);
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
