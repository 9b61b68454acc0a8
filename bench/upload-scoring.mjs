// Upload plus scoring of a run at the papers' scale: 1,319 GSM8K problems x 64 samples (84,416 records) sent by
// `crossover submit` to the local Worker (wrangler dev, local D1/R2/queue) in gzipped parts, timed from the
// first request to the run being scored; the baseline, measured in the same run on the same file, is
// `crossover score` on it (verify, verdicts, report in one Node process). Prints records/s and the ratio, and
// checks that both give the same Report. Needs the packages built.
//   npm run build && node bench/upload-scoring.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { loadShippedTaskset } from '@crossover/tasks';
import { startLocalWorker } from '../apps/eval-api/scripts/local-worker.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'packages', 'cli', 'dist', 'cli.js');
const SAMPLES = 64;
const PARTS = 4;
const ADMIN_SECRET = 'bench-admin-secret-0123456789abcdef';

/** Deterministic completions: sample j of problem i is correct when (7i + j) mod 8 < 3, in three answer formats. */
function writeRecords(path) {
  const { problems } = loadShippedTaskset('gsm8k/test');
  const lines = [];
  problems.forEach((problem, i) => {
    const answer = problem.reference.answer;
    for (let j = 0; j < SAMPLES; j++) {
      const final = (7 * i + j) % 8 < 3 ? answer : String(Number(answer.replace(/,/g, '')) + 1);
      const steps = Array.from(
        { length: 2 + ((i + j) % 5) },
        (_, s) => `Step ${s + 1}: ${i + s} * ${j + 2} = ${(i + s) * (j + 2)}.`,
      );
      const completion = `${steps.join(' ')}\n${[`#### ${final}`, `The answer is ${final}.`, `\\boxed{${final}}`][j % 3]}`;
      lines.push(JSON.stringify({ problem_id: problem.id, completion, num_tokens: completion.length >> 2 }));
    }
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
  return lines.length;
}

function crossover(args) {
  return execFileSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 28,
  });
}

async function issueKey(url) {
  const response = await fetch(`${url}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench-upload' }),
  });
  if (response.status !== 201) throw new Error(`POST /v1/keys: ${response.status} ${await response.text()}`);
  return (await response.json()).key;
}

async function waitScored(url, runId) {
  for (;;) {
    // Once more if the socket Node kept alive was closed by the local server while the CLI ran.
    const get = async () => (await fetch(`${url}/v1/runs/${runId}`)).json();
    const run = await get().catch((error) => (error instanceof TypeError ? get() : Promise.reject(error)));
    if (run.status !== 'pending' && run.status !== 'scoring') return run;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const rate = (records, ms) => Math.round((records / ms) * 1000).toLocaleString('en-US');

export async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'crossover-bench-upload-'));
  let worker;
  try {
    const file = join(dir, 'gsm8k-x64.jsonl');
    const records = writeRecords(file);
    const bytes = statSync(file).size;
    crossover(['score', '--task', 'gsm8k', '--in', file, '--json']); // warm the page cache
    let started = performance.now();
    const { per_problem: _rows, ...local } = JSON.parse(
      crossover(['score', '--task', 'gsm8k', '--in', file, '--json']),
    );
    const scoreMs = performance.now() - started;

    worker = await startLocalWorker({ persistDir: join(dir, 'state'), adminSecret: ADMIN_SECRET });
    const key = await issueKey(worker.url);
    started = performance.now();
    const submitted = crossover([
      'submit',
      file,
      '--api',
      worker.url,
      '--key',
      key,
      '--model',
      'bench-x64',
      '--method',
      'grpo',
      '--task',
      'gsm8k',
      '--inline-limit',
      '0',
      '--part-bytes',
      String(Math.ceil(bytes / PARTS)),
      '--no-progress',
    ]);
    const uploadMs = performance.now() - started;
    const runId = /run_[0-9a-f]{20}/.exec(submitted)?.[0];
    const run = await waitScored(worker.url, runId);
    const totalMs = performance.now() - started;
    if (run.status !== 'scored') throw new Error(`run ${runId} ${run.status}: ${run.failure_reason}`);
    const same = isDeepStrictEqual(run.report, local);

    console.log(
      `${records.toLocaleString('en-US')} GSM8K records (${SAMPLES} a problem, ${(bytes / 2 ** 20).toFixed(1)} MiB) in ${PARTS} gzipped parts, wrangler dev`,
    );
    const rows = [
      ['crossover score on the file (baseline)', scoreMs],
      ['crossover submit: gzip + upload + finalize', uploadMs],
      ['upload + queue scoring, until scored', totalMs],
    ];
    for (const [step, ms] of rows)
      console.log(
        `  ${step.padEnd(46)} ${ms.toFixed(0).padStart(7)} ms  ${rate(records, ms).padStart(9)} records/s`,
      );
    console.log(
      `  upload + scoring / crossover score time ratio: ${(totalMs / scoreMs).toFixed(2)}; same Report: ${same}`,
    );
    return { records, scoreMs, uploadMs, totalMs, same };
  } finally {
    await worker?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
