// Hostile bodies against POST /v1/score on the local eval-api Worker (the bundled Worker in workerd, its port
// bound straight to it, as production serves it). Prints, in one run:
// - the time of an 8 MB NDJSON body sent as one line against the same bytes as 8,000 lines (the baseline,
//   measured in the same run; the goal is at most 2x: a body's cost is linear in its bytes whatever its shape),
// - the time to refuse bodies nested millions of levels deep (JSON, and one NDJSON line) and a 40 MB chunked
//   body without a newline, against the same baseline,
// - the peak memory of the largest /v1/score body the Worker accepts, as JSON and as NDJSON: the growth of
//   workerd's resident set over the request (from /proc, each on a fresh Worker), and the live heap the same
//   JSON body's steps need in Node, against the 128 MB a Worker isolate has.
// Times are medians of REPEATS requests after a warm-up; Worker CPU is the user + system time of the workerd
// processes. Needs the packages built; Linux (/proc).
//   node bench/eval-api-hostile.mjs
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadShippedTaskset, scoreGenerations } from '@crossover/tasks';
import { startLocalWorker } from '../apps/eval-api/scripts/local-worker.mjs';
import { groupCpuSeconds } from './lib/load-clients.mjs';

const LINES = 8000;
const LINE_BYTES = 1000;
const REPEATS = 3;
// The Worker's defaults (apps/eval-api/src/env.ts): the largest /v1/score body, and an isolate's memory.
const MAX_SCORE_BYTES = 8 * 1024 * 1024;
const ISOLATE_MB = 128;
const MiB = 1024 * 1024;

/** 8,000 GSM8K records of LINE_BYTES bytes each (a padded completion), as NDJSON lines. */
function recordLines(problems, count, lineBytes) {
  const lines = [];
  for (let i = 0; i < count; i++) {
    const problem = problems[i % problems.length];
    const answer = String(problem.reference.answer);
    const head = { problem_id: problem.id, sample_index: Math.floor(i / problems.length), completion: '' };
    const bare = JSON.stringify(head).length + `\n#### ${answer}`.length + 1;
    const completion = `${'We count the items step by step. '.repeat(64).slice(0, Math.max(0, lineBytes - bare))}\n#### ${answer}`;
    lines.push(JSON.stringify({ ...head, completion }));
  }
  return lines;
}

/** Records until the JSON body `{ task, records }` is just under `limit` bytes. */
function largestJsonBody(problems, limit) {
  const lines = recordLines(problems, Math.floor(limit / 300), 300);
  const prefix = '{"task":"gsm8k","records":[';
  let size = prefix.length + 2;
  let count = 0;
  while (count < lines.length && size + lines[count].length + 1 <= limit) size += lines[count++].length + 1;
  return {
    json: `${prefix}${lines.slice(0, count).join(',')}]}`,
    ndjson: lines.slice(0, count).join('\n'),
    count,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** PIDs of the workerd processes of the Worker's process group. */
function workerdPids(pgid) {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === pgid && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('workerd');
      } catch {
        return false;
      }
    })
    .map(Number);
}

const statusKb = (pid, field) =>
  Number(
    new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0,
  );

/**
 * Sends one request: wall seconds, Worker CPU seconds, status and (with `memory`) the workerd process's peak
 * resident set over the request, and its growth over the resident set before it, in MiB.
 */
async function send(worker, { path, type, body }, memory = false) {
  const pids = memory ? workerdPids(worker.child.pid) : [];
  const rssBefore = new Map(pids.map((pid) => [pid, statusKb(pid, 'VmRSS')]));
  // Writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one.
  for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, '5');
  const cpuBefore = groupCpuSeconds(worker.child.pid);
  const started = performance.now();
  let status;
  try {
    const init = {
      method: 'POST',
      headers: { 'content-type': type },
      body,
      signal: AbortSignal.timeout(120_000),
    };
    if (body instanceof ReadableStream) init.duplex = 'half';
    const response = await fetch(`${worker.url}${path}`, init);
    status = response.status;
    await response.arrayBuffer();
  } catch (error) {
    // the Worker answered (413) before the client finished sending, and closed the connection
    status = `closed (${error.cause?.code ?? error.message})`;
  }
  const wall = (performance.now() - started) / 1000;
  const cpu = groupCpuSeconds(worker.child.pid) - cpuBefore;
  const peaks = pids.map((pid) => [statusKb(pid, 'VmHWM') - rssBefore.get(pid), statusKb(pid, 'VmHWM')]);
  const [growthKb, peakKb] = peaks.reduce((best, peak) => (peak[0] > best[0] ? peak : best), [0, 0]);
  return { wall, cpu, status, peakMiB: growthKb / 1024, peakRssMiB: peakKb / 1024 };
}

async function timed(worker, request) {
  await send(worker, request); // warm-up
  const runs = [];
  for (let i = 0; i < REPEATS; i++) runs.push(await send(worker, request));
  return {
    wall: median(runs.map((r) => r.wall)),
    cpu: median(runs.map((r) => r.cpu)),
    status: runs[0].status,
  };
}

/**
 * The live heap, in MiB over what was live before, at the end of each step /v1/score takes with a JSON body
 * (decode, parse, score), measured in this Node process with a full GC before each reading: what an isolate
 * must hold, where workerd's resident set also counts the garbage V8 lets pile up before it collects (a
 * local workerd has no 128 MB cap to make it collect sooner).
 */
function liveHeapOfJsonPath(body, taskset, problems) {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const byId = new Map(problems.map((problem) => [problem.id, problem]));
  gc();
  const base = process.memoryUsage().heapUsed;
  const live = () => {
    gc();
    return (process.memoryUsage().heapUsed - base) / MiB;
  };
  const bytes = new TextEncoder().encode(body);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  const afterText = live();
  const value = JSON.parse(text);
  const afterParse = live();
  const records = value.records.map((record) => ({ ...record })); // the validated copy zod makes
  const { report } = scoreGenerations({ task: 'gsm8k', taskset, problems: byId, records });
  const afterScore = live();
  if (report.n_samples !== records.length) throw new Error('scored the wrong records');
  return Math.max(afterText, afterParse, afterScore);
}

/** A chunked body of `bytes` bytes of one character, without a newline. */
function chunkedBody(bytes) {
  const piece = new TextEncoder().encode('x'.repeat(MiB));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) controller.close();
      else controller.enqueue(piece);
      sent += piece.length;
    },
  });
}

export async function main() {
  const { taskset, problems } = loadShippedTaskset('gsm8k/test');
  const lines = recordLines(problems, LINES, LINE_BYTES);
  const manyLines = lines.join('\n');
  const oneLine = lines.join(' '); // the same bytes, the newlines made spaces: one 8 MB line
  const depth = 4_000_000;
  const deepJson = `{"task":"gsm8k","records":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  const deepLine = `{"completion":"x","reference":${'['.repeat(depth)}${']'.repeat(depth)}}`;
  const largest = largestJsonBody(problems, MAX_SCORE_BYTES);
  const ndjson = { path: '/v1/score?task=gsm8k', type: 'application/x-ndjson' };

  // Memory on a fresh Worker per body, whose isolate has only loaded its code and the taskset (one small
  // request): a heap that an earlier big request left grown would hide the growth.
  const memory = [];
  for (const [name, request] of [
    ['JSON', { path: '/v1/score', type: 'application/json', body: largest.json }],
    ['NDJSON', { ...ndjson, body: largest.ndjson }],
  ]) {
    const fresh = await startLocalWorker({ runtime: 'workerd' });
    try {
      await send(fresh, { ...ndjson, body: lines.slice(0, 10).join('\n') });
      const result = await send(fresh, request, true);
      memory.push({
        body: `largest accepted ${name}`,
        MB: +(Buffer.byteLength(request.body) / 1e6).toFixed(2),
        records: largest.count,
        status: result.status,
        'peak RSS growth MiB': +result.peakMiB.toFixed(1),
        'workerd peak RSS MiB': +result.peakRssMiB.toFixed(1),
        [`growth / ${ISOLATE_MB} MB`]: `${(((result.peakMiB * MiB) / (ISOLATE_MB * 1e6)) * 100).toFixed(0)}%`,
      });
    } finally {
      await fresh.stop();
    }
  }
  console.table(memory);
  const liveMiB = liveHeapOfJsonPath(largest.json, taskset, problems);
  console.log(
    `MAX_SCORE_BYTES ${MAX_SCORE_BYTES} bytes. Peak RSS growth: workerd's VmHWM over the request minus its ` +
      `VmRSS before. Live heap of the same JSON body's steps in Node (full GC before each reading): ` +
      `${liveMiB.toFixed(1)} MiB at most (${(((liveMiB * MiB) / (ISOLATE_MB * 1e6)) * 100).toFixed(0)}% of ${ISOLATE_MB} MB)`,
  );

  const worker = await startLocalWorker({ runtime: 'workerd' });
  try {
    const baseline = await timed(worker, { ...ndjson, body: manyLines });
    const rows = [
      ['8,000 lines (baseline)', manyLines, baseline],
      ['the same bytes as 1 line', oneLine, await timed(worker, { ...ndjson, body: oneLine })],
      [
        `JSON ${depth / 1e6}M levels deep`,
        deepJson,
        await timed(worker, { path: '/v1/score', type: 'application/json', body: deepJson }),
      ],
      [
        `1 NDJSON line ${depth / 1e6}M levels deep`,
        deepLine,
        await timed(worker, { ...ndjson, body: deepLine }),
      ],
    ];
    const table = rows.map(([body, text, result]) => ({
      body,
      MB: +(Buffer.byteLength(text) / 1e6).toFixed(1),
      status: result.status,
      wall_s: +result.wall.toFixed(3),
      worker_cpu_s: +result.cpu.toFixed(2),
      'wall / baseline': +(result.wall / baseline.wall).toFixed(2),
    }));
    const chunked = await send(worker, { ...ndjson, body: chunkedBody(40 * 1e6) });
    table.push({
      body: '40 MB chunked, no newline',
      MB: 40,
      status: chunked.status,
      wall_s: +chunked.wall.toFixed(3),
      worker_cpu_s: +chunked.cpu.toFixed(2),
      'wall / baseline': +(chunked.wall / baseline.wall).toFixed(2),
    });
    console.table(table);
    const ratio = rows[1][2].wall / baseline.wall;
    console.log(`one 8 MB line / 8,000 lines: ${ratio.toFixed(2)}x (goal: at most 2x)`);
  } finally {
    await worker.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
