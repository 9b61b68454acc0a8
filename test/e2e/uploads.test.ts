// Runs at the papers' scale through the local Worker: a 1,319 x 64 GSM8K run (84,416 records) submitted by
// `crossover submit` in gzipped parts gets the Report `crossover score` computes on the same file; and the
// README's Python snippet (plain `requests`, gzip and parts), extracted from the README, does the same with
// python3.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Gsm8kProblem, loadShippedTaskset } from '@crossover/tasks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalWorker } from '../../apps/eval-api/scripts/local-worker.mjs';
import { crossover, issueKey, root, startWorker, tempDir, waitFor } from './support.js';

const problems = loadShippedTaskset('gsm8k/test').problems as Gsm8kProblem[];
const SAMPLES = 64;
let worker: LocalWorker;
let dir: string;
let key: string;

beforeAll(async () => {
  dir = tempDir('uploads');
  worker = await startWorker(join(dir, 'wrangler-state'));
  key = await issueKey(worker, 'uploads');
}, 120_000);
afterAll(async () => {
  await worker?.stop();
});

/**
 * `samples` deterministic completions per problem: sample j of problem i is correct when (7i + j) mod 8 < 3
 * (a 3/8 share), in one of three answer formats; the wrong ones give the answer plus one.
 */
function writeRecords(path: string, samples: number, salt: string): number {
  const lines: string[] = [];
  problems.forEach((problem, i) => {
    const answer = problem.reference.answer;
    for (let j = 0; j < samples; j++) {
      const correct = (7 * i + j) % 8 < 3;
      const final = correct ? answer : String(Number(answer.replace(/,/g, '')) + 1);
      const steps = Array.from(
        { length: 1 + ((i + j) % 4) },
        (_, s) => `Step ${s + 1}: ${i + s} + ${j} = ${i + s + j}.`,
      );
      const formats = [`#### ${final}`, `The answer is ${final}.`, `\\boxed{${final}}`];
      const completion = `${salt} ${steps.join(' ')}\n${formats[j % 3]}`;
      lines.push(JSON.stringify({ problem_id: problem.id, completion, num_tokens: completion.length >> 2 }));
    }
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
  return lines.length;
}

function localSummary(path: string): Record<string, unknown> {
  const report = JSON.parse(
    crossover(['score', '--task', 'gsm8k', '--taskset', 'gsm8k/test', '--in', path, '--json']),
  );
  const { per_problem: _rows, ...summary } = report;
  return summary;
}

interface Run {
  status: string;
  failure_reason: string | null;
  report: Record<string, unknown> | null;
}

/** GET as JSON, once more if the socket Node kept alive was closed by the local server meanwhile. */
async function getJson<T>(path: string): Promise<T> {
  const get = async () => (await fetch(`${worker.url}${path}`)).json() as Promise<T>;
  try {
    return await get();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return get();
  }
}

async function scored(runId: string): Promise<Run> {
  return waitFor(
    async () => {
      const run = await getJson<Run>(`/v1/runs/${runId}`);
      return run.status === 'pending' || run.status === 'scoring' ? null : run;
    },
    300_000,
    `run ${runId} to be scored`,
  );
}

async function partsOf(runId: string): Promise<number> {
  const listed = await getJson<{ parts: unknown[] }>(`/v1/runs/${runId}/parts`);
  return listed.parts.length;
}

/** The README's Python block, between its markers, without the code fence. */
function readmeSnippet(): string {
  const readme = readFileSync(join(root, 'apps', 'eval-api', 'README.md'), 'utf8');
  const block =
    /<!-- crossover-python-submit:begin -->\n```python\n([\s\S]*?)```\n<!-- crossover-python-submit:end -->/.exec(
      readme,
    );
  if (!block?.[1]) throw new Error('apps/eval-api/README.md has no crossover-python-submit block');
  return block[1];
}

const hasPythonRequests = spawnSync('python3', ['-c', 'import requests'], { stdio: 'ignore' }).status === 0;
if (!hasPythonRequests)
  console.warn(
    'python3 with requests is missing (scripts/ensure-python-requests.mjs installs it): the Python test fails under CI, skips otherwise',
  );

describe('multi-part gzipped uploads at scale', () => {
  it('scores 1,319 x 64 GSM8K records sent by crossover submit in gzipped parts as crossover score does', async () => {
    const file = join(dir, 'gsm8k-x64.jsonl');
    expect(writeRecords(file, SAMPLES, 'cli')).toBe(84_416);
    const expected = localSummary(file);
    expect((expected.pass_at_k as Record<string, number>)['1']).toBeCloseTo(3 / 8, 2);
    const size = readFileSync(file).length;
    const submitted = crossover([
      'submit',
      file,
      '--api',
      worker.url,
      '--key',
      key,
      '--model',
      'e2e-x64',
      '--method',
      'grpo',
      '--task',
      'gsm8k',
      '--taskset',
      'gsm8k/test',
      '--inline-limit',
      '0',
      '--part-bytes',
      String(Math.ceil(size / 3)),
    ]);
    const runId = /run_[0-9a-f]{20}/.exec(submitted)?.[0];
    expect(runId).toBeDefined();
    expect(await partsOf(runId!)).toBeGreaterThanOrEqual(2);
    const run = await scored(runId!);
    expect([run.status, run.failure_reason]).toEqual(['scored', null]);
    // Nothing differs: the Report has no timing or other per-run field.
    expect(run.report).toEqual(expected);
  });

  it.skipIf(!hasPythonRequests && !process.env.CI)(
    "runs the README's Python snippet (requests, gzip, parts) to the same Report as crossover score",
    async () => {
      if (!hasPythonRequests) throw new Error('python3 with requests is required under CI');
      const file = join(dir, 'gsm8k-x2.jsonl');
      writeRecords(file, 2, 'python');
      const script = join(dir, 'submit.py');
      const driver = [
        'import sys',
        'PART_BYTES = 200_000  # several parts from a small file',
        'records = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]',
        'print(submit_generations(records, model="e2e-python", method="grpo", step=10,',
        '                         sampling={"temperature": 1.0, "top_p": 1.0, "max_tokens": 512}))',
      ].join('\n');
      writeFileSync(script, `${readmeSnippet()}\n${driver}\n`);
      const python = spawnSync('python3', [script, file], {
        encoding: 'utf8',
        env: { ...process.env, CROSSOVER_API: worker.url, CROSSOVER_API_KEY: key },
      });
      expect(python.stderr).toBe('');
      expect(python.status).toBe(0);
      const runId = python.stdout.trim();
      expect(runId).toMatch(/^run_[0-9a-f]{20}$/);
      expect(await partsOf(runId)).toBeGreaterThanOrEqual(2);
      const run = await scored(runId);
      expect([run.status, run.failure_reason]).toEqual(['scored', null]);
      expect(run.report).toEqual(localSummary(file));
    },
  );
});
