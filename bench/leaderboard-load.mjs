// Load benchmark of the leaderboard reads on the local eval-api Worker with a local D1: 1000 scored runs
// seeded straight into D1 (one generated SQL file through `wrangler d1 execute --local`), then 100 connections
// for 10 s each against GET /v1/leaderboard?task=gsm8k (JSON) and GET / (HTML), asking for gzip as browsers do.
// Two baselines measured in the same run: the static GET /assets/pages.js of the same Worker, and the floor, a
// Worker without any of our code answering the same bytes from the same kind of workerd (lib/floor-worker.mjs).
// Each route is loaded open loop at fixed total rates and closed loop (every connection sends its next request as
// soon as the last is answered: the server saturated), lightest first (`--load 500,1000,2000,4000,closed`), so
// that a light load does not pay for the garbage a heavy one left; the summary says under which loads each
// route kept p99 under the 50 ms.
// Serving setups of the same Worker, each freshly seeded (apps/eval-api/scripts/local-worker.mjs):
// - workerd (default): the bundled Worker in one workerd, the port bound straight to the Worker, as
//   production hands it requests;
// - miniflare: the same behind Miniflare's entry Worker;
// - wrangler: `wrangler dev`, whose live-reload ProxyWorker (a second workerd) sits in front of the Worker.
// Load generator: h2load when installed (`apt-get install nghttp2-client`), else autocannon (lib/load-clients.mjs).
//   node bench/leaderboard-load.mjs [--runs 1000] [--connections 100] [--duration 10]
//     [--load 500,1000,2000,4000,closed] [--runtime workerd,miniflare,wrangler] [--client h2load|autocannon]
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, startLocalWorker, wrangler } from '../apps/eval-api/scripts/local-worker.mjs';
import { startFloorWorker } from './lib/floor-worker.mjs';
import { defaultClient, groupCpuSeconds, loadClient } from './lib/load-clients.mjs';

// The target for the reads, locally, at 100 connections.
const TARGET_P99_MS = 50;
// As browsers and `curl --compressed` ask; the Worker keeps gzip copies of its cached bodies.
const CLIENT_HEADERS = { 'accept-encoding': 'gzip' };
const STATIC_PATH = '/assets/pages.js';
const TARGETS = [
  { name: 'floor: constant Worker, no app code', floor: true, path: '/', read: false },
  { name: `baseline GET ${STATIC_PATH}`, path: STATIC_PATH, read: false },
  { name: 'GET /v1/leaderboard?task=gsm8k', path: '/v1/leaderboard?task=gsm8k', read: true },
  { name: 'GET / (HTML)', path: '/', read: true },
];
const KS = [1, 2, 4, 8, 16, 32, 64];
const METHODS = ['base', 'sft', 'grpo', 'filtered-isft', 'isft', 'other'];
const BASE_MODELS = ['Qwen/Qwen2.5-0.5B', 'Qwen/Qwen2.5-1.5B', 'Qwen/Qwen2.5-7B', 'meta-llama/Llama-3.2-1B'];

function parseOptions(args) {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: 'string', default: '1000' },
      connections: { type: 'string', default: '100' },
      duration: { type: 'string', default: '10' },
      load: { type: 'string', default: '500,1000,2000,4000,closed' },
      runtime: { type: 'string', default: 'workerd' },
      client: { type: 'string' },
    },
  });
  const count = (name) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
    return value;
  };
  const loads = values.load.split(',').map((load) => {
    if (load === 'closed') return undefined;
    const rate = Number(load);
    if (!(rate > 0)) throw new Error(`--load takes 'closed' or request rates, not ${load}`);
    return rate;
  });
  const clientName = values.client ?? defaultClient();
  return {
    runs: count('runs'),
    connections: count('connections'),
    durationSeconds: count('duration'),
    loads,
    runtimes: values.runtime.split(','),
    clientName,
    client: loadClient(clientName),
  };
}

const sql = (value) =>
  value === null
    ? 'NULL'
    : typeof value === 'number'
      ? String(value)
      : `'${String(value).replaceAll("'", "''")}'`;

/** A report summary like the scorer writes: pass@k rising with k, intervals, lengths. */
function reportOf(index) {
  const pass1 = 0.1 + ((index * 37) % 70) / 100;
  const slope = ((index * 13) % 10) / 100;
  const pass_at_k = {};
  const pass_at_k_ci = {};
  for (const k of KS) {
    const value = Math.min(1, pass1 + slope * Math.log2(k) + (1 - pass1) * (1 - 1 / Math.sqrt(k)) * 0.5);
    pass_at_k[k] = value;
    pass_at_k_ci[k] = {
      se_problem: 0.01,
      se_sampling: 0.002,
      low: Math.max(0, value - 0.02),
      high: Math.min(1, value + 0.02),
    };
  }
  const stats = (mean) => ({ count: 1000, mean, median: mean, p90: mean * 1.6 });
  return {
    task: 'gsm8k',
    mode: 'auto',
    taskset: { task: 'gsm8k', split: 'test', version: '1', size: 1319, digest: 'bench' },
    n_problems: 1319,
    n_samples: 1319 * 64,
    samples_per_problem: { min: 64, max: 64, mean: 64 },
    k: KS,
    pass_at_k,
    pass_at_k_ci,
    pass_hat_k: pass_at_k,
    maj_at_k: pass_at_k,
    coverage: pass_at_k[64],
    reasons: { correct: 600, wrong_answer: 400 },
    lengths: {
      unit: 'tokens',
      correct: stats(150 + (index % 50)),
      incorrect: stats(300 + (index % 90)),
      truncated: null,
    },
  };
}

export function seedSql(runs) {
  const now = new Date().toISOString();
  const lines = [
    `INSERT INTO api_keys (id, name, role, prefix, key_hash, created_at) VALUES ('key_bench', 'bench', 'user', 'cxk_bench', 'bench-hash', ${sql(now)});`,
  ];
  for (let i = 0; i < runs; i++) {
    const report = reportOf(i);
    const id = `run_${i.toString(16).padStart(20, '0')}`;
    const created = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
    const values = [
      id,
      'key_bench',
      `bench/model-${i}`,
      BASE_MODELS[i % BASE_MODELS.length],
      METHODS[i % METHODS.length],
      i % 3 === 0 ? null : i * 10,
      JSON.stringify({ temperature: 0.7, top_p: 0.95, max_tokens: 1024 }),
      'gsm8k',
      'auto',
      'gsm8k/test',
      'bench',
      'scored',
      1319,
      64,
      64,
      report.pass_at_k[1],
      JSON.stringify(report),
      created,
      created,
    ];
    lines.push(
      `INSERT INTO runs (id, owner_key_id, model, base_model, method, step, sampling, task, mode, taskset, taskset_digest,
        status, n_problems, samples_min, samples_max, pass_at_1, report, created_at, updated_at) VALUES (${values.map(sql).join(', ')});`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const describeLoad = (rate) => (rate === undefined ? 'closed loop' : `${rate} req/s`);

// A kept-alive connection that the server closed while the previous load ran fails on reuse ("other side
// closed"); a fresh connection is the cure, so a warm-up read is retried once.
async function warmUp(url) {
  const read = async () => (await fetch(url, { signal: AbortSignal.timeout(30_000) })).arrayBuffer();
  await read().catch(read);
}

/** One load of one route: the client's figures and the CPU seconds the server's process group used. */
async function measure(options, url, serverGroup, rate) {
  // warm up: the first read fills the cached body of the current board version
  for (let i = 0; i < 3; i++) await warmUp(url);
  const serverBefore = groupCpuSeconds(serverGroup);
  const result = await options.client({
    url,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    rate,
    headers: CLIENT_HEADERS,
  });
  return { ...result, serverCpu: groupCpuSeconds(serverGroup) - serverBefore };
}

function printLoad(runtime, options, rate, rows) {
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  const how =
    rate === undefined
      ? 'closed loop (each connection sends its next request when the last is answered)'
      : `open loop at ${rate} req/s in all`;
  console.log(
    `\n[${runtime}] ${how}, ${options.clientName}, ${options.connections} connections, ${options.durationSeconds} s each, ${options.runs} runs in D1 (load average ${load}):`,
  );
  const baseline = rows.find(([target]) => target.path === STATIC_PATH && !target.floor)[1];
  for (const [target, r] of rows) {
    console.log(
      `${target.name.padEnd(36)} p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  ` +
        `${String(Math.round(r.rps)).padStart(6)} req/s  errors ${r.errors}  ` +
        `(p99 x${(r.p99 / Math.max(1, baseline.p99)).toFixed(2)} of baseline)  ` +
        `CPU s: server ${r.serverCpu.toFixed(1)}, ${options.clientName} ${r.clientCpu.toFixed(1)}`,
    );
    if (r.errorDetail) console.log(`${''.padEnd(36)} note: ${r.errorDetail}`);
  }
}

/** Per route: the loads under which p99 stayed below the target (with no errors), and those where it did not. */
function printVerdicts(runtime, options, results) {
  console.log(`\n[${runtime}] p99 < ${TARGET_P99_MS} ms at ${options.connections} connections:`);
  for (const target of TARGETS) {
    const runs = results.filter((result) => result.target === target);
    if (runs.length === 0) continue;
    const meets = (r) => r.p99 < TARGET_P99_MS && r.errors === 0;
    const list = (rs) => rs.map((r) => describeLoad(r.rate)).join(', ') || 'none';
    const verdict = target.read ? (runs.every(meets) ? 'PASS' : runs.some(meets) ? 'PART' : 'MISS') : '    ';
    console.log(
      `[${runtime}] ${verdict} ${target.name.padEnd(36)} met at: ${list(runs.filter(meets))}; missed at: ${list(runs.filter((r) => !meets(r)))}`,
    );
  }
}

/** The floor Worker answering the bytes the static route answers, when the runtime is one bare workerd. */
async function startFloorFor(runtime, worker) {
  if (runtime !== 'workerd') return null;
  const response = await fetch(`${worker.url}${STATIC_PATH}`);
  return startFloorWorker({
    port: await freePort(),
    body: await response.text(),
    contentType: response.headers.get('content-type'),
  });
}

/** Seeds a fresh local D1, starts the Worker under `runtime`, checks the board, loads each route. */
async function benchRuntime(runtime, options) {
  const seeding = Date.now();
  const worker = await startLocalWorker({
    runtime,
    prepare: (persistTo) => {
      const file = join(persistTo, 'bench-seed.sql');
      writeFileSync(file, seedSql(options.runs));
      wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', file, '--yes']);
    },
  });
  let floor = null;
  console.log(
    `\n[${runtime}] seeded ${options.runs} scored runs and started the Worker in ${((Date.now() - seeding) / 1000).toFixed(1)} s`,
  );
  try {
    const board = (await (await fetch(`${worker.url}/v1/leaderboard?task=gsm8k&limit=1000`)).json()).runs;
    if (board.length !== options.runs)
      throw new Error(`the board lists ${board.length} runs, not ${options.runs}`);
    const cold = Date.now();
    await (await fetch(`${worker.url}/v1/leaderboard?task=gsm8k&k=64`)).arrayBuffer();
    console.log(
      `[${runtime}] first (uncached) read of /v1/leaderboard?task=gsm8k&k=64: ${Date.now() - cold} ms`,
    );
    floor = await startFloorFor(runtime, worker);
    const results = [];
    for (const rate of options.loads) {
      const rows = [];
      for (const target of TARGETS) {
        if (target.floor && floor === null) continue;
        const [url, group] = target.floor ? [floor.url, floor.child.pid] : [worker.url, worker.child.pid];
        const result = await measure(options, `${url}${target.path}`, group, rate);
        rows.push([target, result]);
        results.push({ target, rate, ...result });
      }
      printLoad(runtime, options, rate, rows);
    }
    printVerdicts(runtime, options, results);
  } finally {
    await floor?.stop();
    await worker.stop();
  }
}

/** Run through bench/run.mjs with the defaults, or from the command line with its options. */
export async function main(args = []) {
  const options = parseOptions(args);
  for (const runtime of options.runtimes) await benchRuntime(runtime, options);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main(process.argv.slice(2));
