// Benchmark of POST /v1/score on the local eval-api Worker (wrangler dev, workerd): 1319 GSM8K problems x 16
// samples (21,104 records) as one JSON request and as one NDJSON request. Prints records/s, the Worker's CPU
// time (user + system time of the workerd processes, from /proc) and the ratio to scoring the same records
// directly in Node (the HTTP/JSON overhead), measured in the same run. Needs the packages built.
//   node bench/eval-api-score.mjs
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadShippedTaskset, scoreGenerations } from '@crossover/tasks';
import { verify } from '@crossover/verifiers';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const appDir = join(root, 'apps', 'eval-api');
const SAMPLES = 16;
const REPEATS = 5;
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** Deterministic GSM8K-like completions: ~60% correct, ~30% wrong, ~10% without a final answer. */
function makeRecords(problems) {
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const records = [];
  for (const problem of problems) {
    const answer = String(problem.reference.answer);
    for (let s = 0; s < SAMPLES; s++) {
      const roll = random();
      const steps = 2 + Math.floor(random() * 5);
      let text = '';
      for (let i = 0; i < steps; i++) {
        const a = Math.floor(random() * 90) + 10;
        const b = Math.floor(random() * 9) + 2;
        text += `Step ${i + 1}: we have ${a} * ${b} = <<${a}*${b}=${a * b}>>${a * b} items in total.\n`;
      }
      const final = roll < 0.6 ? answer : roll < 0.9 ? String(Number(answer.replace(/,/g, '')) + 1) : null;
      const completion =
        final === null ? `${text}I am not sure.` : `${text}So the answer is ${final}.\n#### ${final}`;
      records.push({
        problem_id: problem.id,
        completion,
        num_tokens: Math.ceil(completion.length / 4),
        sample_index: s,
      });
    }
  }
  return records;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** PIDs of every descendant of `pid` (wrangler -> workerd). */
function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  const found = [];
  const stack = [pid];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()) ?? []) {
      found.push(child);
      stack.push(child);
    }
  }
  return found;
}

/** CPU seconds (user + system) used so far by the workerd processes under `pid`. */
function workerdCpuSeconds(pid) {
  let ticks = 0;
  for (const child of descendants(pid)) {
    try {
      if (!readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('workerd')) continue;
      const stat = readFileSync(`/proc/${child}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // ended
    }
  }
  return ticks / CLOCK_TICKS;
}

/** Stops wrangler and its workerd processes (they run in wrangler's process group). */
function stopWorker(child) {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}

async function startWorker() {
  const port = 18787 + Math.floor(Math.random() * 1000);
  const child = spawn(
    process.execPath,
    [
      join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js'),
      'dev',
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--log-level',
      'warn',
    ],
    {
      cwd: appDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    },
  );
  let output = '';
  child.stdout.on('data', (data) => (output += data));
  child.stderr.on('data', (data) => (output += data));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/v1/tasks`, { signal: AbortSignal.timeout(5_000) })).ok)
        return { child, url, log: () => output };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stopWorker(child);
  throw new Error(`wrangler dev did not start:\n${output}`);
}

async function timeRequest(worker, body, contentType, query = '') {
  const cpuBefore = workerdCpuSeconds(worker.child.pid);
  const started = performance.now();
  const response = await fetch(`${worker.url}/v1/score${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  const text = await response.text();
  const wall = (performance.now() - started) / 1000;
  if (response.status !== 200)
    throw new Error(`POST /v1/score answered ${response.status}: ${text.slice(0, 300)}`);
  const report = JSON.parse(text);
  return { wall, cpu: workerdCpuSeconds(worker.child.pid) - cpuBefore, report };
}

function timeNode(fn) {
  fn();
  const times = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    fn();
    times.push((performance.now() - started) / 1000);
  }
  return median(times);
}

export async function main() {
  const { taskset, problems } = loadShippedTaskset('gsm8k/test');
  const records = makeRecords(problems);
  const byId = new Map(problems.map((problem) => [problem.id, problem]));
  const json = JSON.stringify({ task: 'gsm8k', taskset: 'gsm8k/test', records });
  const ndjson = records.map((record) => JSON.stringify(record)).join('\n');

  // Baselines in this Node process: the verifiers alone, and scoreGenerations (verifiers + report).
  const verifyAll = () =>
    records.map((record) =>
      verify('gsm8k', record.completion, byId.get(record.problem_id).reference, { mode: 'auto' }),
    );
  const verifySeconds = timeNode(verifyAll);
  // What `crossover score` runs on the same records: the API's own code path, minus HTTP and JSON.
  const scoreAll = () => scoreGenerations({ task: 'gsm8k', taskset, problems: byId, records }).report;
  const scoreSeconds = timeNode(scoreAll);
  const expected = scoreAll();

  const worker = await startWorker();
  try {
    const rows = [];
    for (const [name, body, type, query] of [
      ['JSON', json, 'application/json', ''],
      ['NDJSON', ndjson, 'application/x-ndjson', '?task=gsm8k&taskset=gsm8k/test'],
    ]) {
      await timeRequest(worker, body, type, query); // warm-up: first request compiles and loads the taskset
      const runs = [];
      for (let i = 0; i < REPEATS; i++) runs.push(await timeRequest(worker, body, type, query));
      const same = runs.every(
        (run) => JSON.stringify(run.report.pass_at_k) === JSON.stringify(expected.pass_at_k),
      );
      const wall = median(runs.map((run) => run.wall));
      const cpu = median(runs.map((run) => run.cpu));
      rows.push({
        request: `POST /v1/score ${name}`,
        records: records.length,
        body_MB: +(Buffer.byteLength(body) / 1e6).toFixed(1),
        wall_s: +wall.toFixed(3),
        worker_cpu_s: +cpu.toFixed(2),
        'records/s': Math.round(records.length / wall),
        'cpu / node verify': +(cpu / verifySeconds).toFixed(2),
        'cpu / node scoreGenerations': +(cpu / scoreSeconds).toFixed(2),
        same_numbers_as_node: same,
      });
    }
    console.log(
      `baseline in Node: verify ${records.length} records ${verifySeconds.toFixed(3)} s ` +
        `(${Math.round(records.length / verifySeconds)} records/s); scoreGenerations ${scoreSeconds.toFixed(3)} s`,
    );
    console.table(rows);
    console.log('target: 21k records under 2 s of Worker CPU');
  } finally {
    stopWorker(worker.child);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
