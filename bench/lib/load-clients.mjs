// The HTTP load generators of the leaderboard load benchmark, behind one call: `loadClient(name)(request)`
// resolves to { requests, rps, p50, p99, errors, clientCpu } (latencies in ms, CPU in seconds).
// - h2load (`apt-get install nghttp2-client`, C): closed loop, or open loop with `rate` (each connection
//   sends rate / connections requests a second); it reads bodies without inflating them and logs every
//   request, so the percentiles are exact. It leaves most of the 2 cores to the server.
// - autocannon (Node, installed with the workspace): the fallback; `overallRate` for the open loop.
// A request: { url, connections, durationSeconds, rate?: number, headers: Record<string, string> }.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quantileSorted } from '@crossover/metrics';
import autocannon from 'autocannon';

const CLIENTS = ['h2load', 'autocannon'];
const WARM_UP_SECONDS = 2;

/** h2load when installed, else autocannon. */
export function defaultClient() {
  return spawnSync('h2load', ['--version'], { encoding: 'utf8' }).error === undefined
    ? 'h2load'
    : 'autocannon';
}

export function loadClient(name) {
  if (name === 'h2load') return loadWithH2load;
  if (name === 'autocannon') return loadWithAutocannon;
  throw new Error(`unknown load client ${name}: one of ${CLIENTS.join(', ')}`);
}

// Linux accounts CPU in clock ticks of 1/100 s (USER_HZ) in /proc/<pid>/stat.
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (which is in parentheses and may hold spaces). */
const statFields = (stat) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/** CPU seconds used so far by the live processes of a process group (the server: node, workerd), from /proc. */
export function groupCpuSeconds(pgid) {
  let ticks = 0;
  let entries = [];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return Number.NaN; // no procfs: not Linux
  }
  for (const pid of entries) {
    try {
      const fields = statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      // pgrp is the 5th field of the file (3rd after the name); utime and stime the 14th and 15th
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / TICKS_PER_SECOND;
}

const processCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

async function loadWithAutocannon({ url, connections, durationSeconds, rate, headers }) {
  const clientBefore = processCpuSeconds();
  const result = await autocannon({
    url,
    connections,
    duration: durationSeconds,
    headers,
    ...(rate === undefined ? {} : { overallRate: rate }),
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    errorDetail:
      result.errors + result.non2xx === 0
        ? ''
        : `${result.errors} connection errors (${result.timeouts} timeouts), ${result.non2xx} non-2xx`,
    clientCpu: processCpuSeconds() - clientBefore,
  };
}

/** Runs a program to completion, then reads the CPU seconds it used (the shell's waited-for children). */
function runMeasured(program, args) {
  const quoted = [program, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  const { stdout, stderr, status } = spawnSync('bash', ['-c', `${quoted}; cat /proc/$$/stat`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = stdout.trim().split('\n');
  const fields = statFields(lines.at(-1));
  // cutime and cstime: the 16th and 17th fields of the file
  const cpuSeconds = (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  return { output: lines.slice(0, -1).join('\n'), stderr, status, cpuSeconds };
}

/**
 * Reads h2load's --log-file: one tab-separated line per request (start in µs since the epoch, HTTP status, µs
 * until the end of the response). Latencies in ms, sorted, of the requests answered with a 2xx or 3xx; the
 * others counted by status (-1: a failed stream; 0: a request still open when the measurement ended).
 */
function parseH2loadLog(text) {
  const latencies = [];
  const otherStatuses = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [, status, micros] = line.split('\t');
    if (Number(status) >= 200 && Number(status) < 400) latencies.push(Number(micros) / 1000);
    else otherStatuses[status] = (otherStatuses[status] ?? 0) + 1;
  }
  latencies.sort((a, b) => a - b);
  return { latencies, otherStatuses };
}

/** Errors from h2load's summary: failed, errored and timed-out requests, and 4xx/5xx answers. */
function h2loadErrors(summary) {
  const count = (pattern) => Number(pattern.exec(summary)?.[1] ?? 0);
  return (
    count(/(\d+) failed/) +
    count(/(\d+) errored/) +
    count(/(\d+) timeout/) +
    count(/(\d+) 4xx/) +
    count(/(\d+) 5xx/)
  );
}

function loadWithH2load({ url, connections, durationSeconds, rate, headers }) {
  const dir = mkdtempSync(join(tmpdir(), 'crossover-h2load-'));
  const logFile = join(dir, 'requests.tsv');
  try {
    // the first WARM_UP_SECONDS are not measured: the isolate settles (JIT, heap sizing) at this load first
    const args = [
      '--h1',
      '-t1',
      `-c${connections}`,
      '-D',
      String(durationSeconds),
      `--warm-up-time=${WARM_UP_SECONDS}`,
    ];
    args.push('--log-file', logFile);
    for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
    // --rps paces each connection: the whole load is `rate` requests a second over all connections
    if (rate !== undefined) args.push(`--rps=${rate / connections}`);
    args.push(url);
    const run = runMeasured('h2load', args);
    if (run.status !== 0) throw new Error(`h2load failed (${run.status}):\n${run.output}\n${run.stderr}`);
    const { latencies, otherStatuses } = parseH2loadLog(readFileSync(logFile, 'utf8'));
    const errors = h2loadErrors(run.output);
    const round = (ms) => Math.round(ms * 10) / 10;
    return {
      requests: latencies.length,
      rps: Number(/finished in [\d.]+s, ([\d.]+) req\/s/.exec(run.output)?.[1] ?? Number.NaN),
      p50: round(quantileSorted(latencies, 0.5)),
      p99: round(quantileSorted(latencies, 0.99)),
      errors,
      // what was left out of the percentiles (status -> count) and h2load's own count, when anything was
      errorDetail:
        errors === 0 && Object.keys(otherStatuses).length === 0
          ? ''
          : `not in the percentiles ${JSON.stringify(otherStatuses)}; ${/requests: .*/.exec(run.output)?.[0] ?? ''}`,
      clientCpu: run.cpuSeconds,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
