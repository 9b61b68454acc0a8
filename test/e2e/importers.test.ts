// Every importer's fixture submitted as a leaderboard run to the local Worker: the run's Report equals what
// `crossover score` computes on the same file (crossover submit converts lm-eval, { prompt, completion },
// verl and lighteval files to Crossover records before sending; the Worker never reads parquet).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalWorker } from '../../apps/eval-api/scripts/local-worker.mjs';
import { crossover, issueKey, root, startWorker, tempDir, waitFor } from './support.js';

const fixtures = join(root, 'packages', 'cli', 'test-fixtures');
const FIXTURES = {
  'lm-eval': join(fixtures, 'lm-eval', 'samples_gsm8k_2026-05-05T12-00-00.000000.jsonl'),
  prompt: join(fixtures, 'prompt', 'generations.jsonl'),
  verl: join(fixtures, 'verl', 'gsm8k-generation.parquet'),
  lighteval: join(fixtures, 'lighteval', 'details_gsm8k_0_2026-05-05T12-00-00.000000.parquet'),
};
const TOKENIZER = join(fixtures, 'tokenizer', 'tokenizer.json');

let worker: LocalWorker;
let key: string;

beforeAll(async () => {
  worker = await startWorker(join(tempDir('importers'), 'wrangler-state'));
  key = await issueKey(worker, 'importers');
}, 120_000);
afterAll(async () => {
  await worker?.stop();
});

function localReport(file: string, extra: string[] = []): Record<string, unknown> {
  const args = ['score', '--task', 'gsm8k', '--taskset', 'gsm8k/test', '--in', file, '--json', ...extra];
  const { per_problem: _rows, ...report } = JSON.parse(crossover(args));
  return report;
}

async function submittedReport(file: string, model: string, extra: string[] = []) {
  const out = crossover([
    'submit',
    file,
    '--api',
    worker.url,
    '--key',
    key,
    '--model',
    model,
    '--method',
    'base',
    '--task',
    'gsm8k',
    ...extra,
  ]);
  const runId = /run_[A-Za-z0-9]+/.exec(out)?.[0];
  expect(runId).toBeDefined();
  // Inline runs are scored at once; uploaded ones by the queue, a moment later.
  const run = await waitFor(
    async () => {
      const view = (await (await fetch(`${worker.url}/v1/runs/${runId}`)).json()) as {
        status: string;
        report: Record<string, unknown> & { lengths: { unit: string } };
      };
      return view.status === 'scoring' || view.status === 'pending' ? null : view;
    },
    60_000,
    `run ${runId} scored`,
  );
  expect(run.status).toBe('scored');
  return run.report;
}

describe('importer fixtures as runs', () => {
  it.each(Object.entries(FIXTURES))(
    '%s: the run gets the Report crossover score gives',
    async (format, file) => {
      const local = localReport(file);
      expect((local.pass_at_k as Record<string, number>)['1']).toBe(0.4375);
      expect(await submittedReport(file, `e2e-${format}`)).toEqual(local);
    },
  );

  it('a converted parquet file goes through the upload path too (--inline-limit 0)', async () => {
    const run = await submittedReport(FIXTURES.lighteval, 'e2e-lighteval-upload', ['--inline-limit', '0']);
    expect(run).toEqual(localReport(FIXTURES.lighteval));
  });

  it('--tokenizer: the run reports its lengths in tokens, as crossover score --tokenizer does', async () => {
    const local = localReport(FIXTURES.verl, ['--tokenizer', TOKENIZER]);
    const run = await submittedReport(FIXTURES.verl, 'e2e-verl-tokens', ['--tokenizer', TOKENIZER]);
    expect(run.lengths.unit).toBe('tokens');
    expect(run).toEqual(local);
  });
});
