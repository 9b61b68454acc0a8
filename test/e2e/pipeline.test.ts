// The whole pipeline on CPU, small: train a tiny model, export ONNX, sample, submit to the local Worker, and
// check that the leaderboard JSON, the run and the run page show the numbers `crossover score` computes locally
// on the same generations file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalWorker } from '../../apps/eval-api/scripts/local-worker.mjs';
import { crossover, issueKey, startWorker, tempDir } from './support.js';

let worker: LocalWorker;
let dir: string;

beforeAll(async () => {
  dir = tempDir('pipeline');
  worker = await startWorker(join(dir, 'wrangler-state'));
}, 120_000);
afterAll(async () => {
  await worker?.stop();
});

describe('trainer -> ONNX -> sample -> submit -> leaderboard', () => {
  it('shows the run with the pass@k and lengths that crossover score computes on the same file', async () => {
    const run = join(dir, 'run');
    crossover([
      'train',
      '--algo',
      'sft',
      '--task',
      'countdown',
      '--preset',
      'tiny',
      '--n-layer',
      '1',
      '--d-model',
      '32',
      '--n-head',
      '2',
      '--template',
      'compact',
      '--steps',
      '3',
      '--batch-size',
      '4',
      '--eval-every',
      '0',
      '--eval-problems',
      '2',
      '--eval-max-tokens',
      '8',
      '--checkpoint-every',
      '3',
      '--run-dir',
      run,
    ]);
    const model = join(dir, 'model.onnx');
    crossover(['export', '--checkpoint', run, '--out', model]);
    const generations = join(dir, 'generations.jsonl');
    crossover([
      'sample',
      '--model',
      model,
      '--task',
      'countdown',
      '--taskset',
      'countdown/test',
      '--limit',
      '6',
      '--n',
      '4',
      '--max-tokens',
      '24',
      '--temperature',
      '1',
      '--seed',
      '7',
      '--out',
      generations,
    ]);
    const lines = readFileSync(generations, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(24);
    expect(lines[0]).toMatchObject({ problem_id: 'countdown/test/0', sample_index: 0 });
    expect(typeof lines[0].num_tokens).toBe('number');

    const local = JSON.parse(
      crossover([
        'score',
        '--task',
        'countdown',
        '--taskset',
        'countdown/test',
        '--in',
        generations,
        '--json',
      ]),
    );
    const key = await issueKey(worker, 'pipeline');
    const submitted = crossover([
      'submit',
      generations,
      '--api',
      worker.url,
      '--key',
      key,
      '--model',
      'e2e-tiny <sft>',
      '--method',
      'sft',
      '--step',
      '3',
      '--task',
      'countdown',
      '--taskset',
      'countdown/test',
      '--temperature',
      '1',
      '--top-p',
      '0.95',
      '--max-tokens',
      '24',
      '--seed',
      '7',
    ]);
    const runId = /run_[A-Za-z0-9]+/.exec(submitted)?.[0];
    expect(runId).toBeDefined();

    const stored = (await (await fetch(`${worker.url}/v1/runs/${runId}`)).json()) as {
      status: string;
      report: Record<string, unknown>;
    };
    expect(stored.status).toBe('scored');
    const { per_problem: _rows, ...localSummary } = local;
    expect(stored.report).toEqual(localSummary);

    const board = (await (await fetch(`${worker.url}/v1/leaderboard?task=countdown&k=4`)).json()) as {
      runs: Array<{
        run_id: string;
        pass_at_1: number;
        pass_at_k: number;
        mean_length_incorrect: number | null;
      }>;
    };
    const entry = board.runs.find((row) => row.run_id === runId);
    expect(entry).toBeDefined();
    expect(entry!.pass_at_1).toBe(local.pass_at_k['1']);
    expect(entry!.pass_at_k).toBe(local.pass_at_k['4']);
    expect(entry!.mean_length_incorrect).toBe(local.lengths.incorrect.mean);

    const page = await fetch(`${worker.url}/runs/${runId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('e2e-tiny &lt;sft&gt;');
    expect(html).not.toContain('e2e-tiny <sft>');
  });
});
