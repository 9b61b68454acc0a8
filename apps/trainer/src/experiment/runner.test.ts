import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_VERSION } from '@crossover/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useCpuBackend } from '../model/test-helpers.js';
import { resolveCheckpointDir } from '../train/checkpoint.js';
import { validateExperimentConfig } from './config.js';
import type { ExperimentReport } from './report.js';
import { runExperiment } from './runner.js';
import { submitModels } from './submit-models.js';

// The whole pipeline on a one-layer model: seconds, not minutes. The numbers are those of an untrained
// model (all zero); the test checks that every stage ran and that the report holds the expected series.
const config = validateExperimentConfig({
  name: 'smoke',
  task: 'countdown',
  seed: 3,
  backend: 'cpu',
  sft: {
    preset: 'tiny',
    'n-layer': 1,
    'n-head': 2,
    'd-model': 32,
    'block-size': 256,
    template: 'compact',
    steps: 2,
    'batch-size': 2,
    'train-size': 20,
    'eval-problems': 0,
    'eval-every': 0,
    'eval-max-tokens': 12,
  },
  rl: {
    steps: 2,
    'prompts-per-step': 2,
    'group-size': 2,
    'max-tokens': 12,
    'eval-every': 1,
    'eval-problems': 2,
    'train-size': 10,
    lr: 1e-3,
  },
  algorithms: [
    { name: 'grpo', algo: 'grpo' },
    { name: 'filtered-isft', algo: 'filtered-isft' },
    { name: 'isft', algo: 'isft', options: { 'neg-weight': 0.2 } },
  ],
  final: { problems: 3, n: 4, temperature: 1, maxTokens: 12 },
});
let outDir: string;
let report: ExperimentReport;

beforeAll(async () => {
  await useCpuBackend();
  outDir = await mkdtemp(join(tmpdir(), 'crossover-experiment-'));
  ({ report } = await runExperiment(config, { outDir, log: () => {} }));
}, 120_000);
afterAll(() => rm(outDir, { recursive: true, force: true }));

describe('runExperiment', () => {
  it('trains every algorithm from the SFT run and evaluates the base and every final model', () => {
    expect(report.models.map((m) => [m.name, m.step, m.curve.length])).toEqual([
      ['sft', 2, 4],
      ['grpo', 2, 4],
      ['filtered-isft', 2, 4],
      ['isft', 2, 4],
    ]);
    expect(report.models[0]?.crossover).toBeNull();
    expect(report.models[0]?.vs_base).toBeUndefined();
    for (const m of report.models.slice(1)) {
      expect(m.vs_base?.map((p) => p.k)).toEqual([1, 2, 3, 4]);
      for (const p of m.vs_base ?? []) expect(p.ci[0]).toBeLessThanOrEqual(p.diff);
    }
    for (const m of report.models)
      for (const p of m.curve) expect(p.ci[0] <= p.pass_at_k && p.pass_at_k <= p.ci[1]).toBe(true);
    expect(report.findings.map((f) => f.id)).toEqual(['i', 'ii', 'iii']);
    for (const f of report.findings) expect(['held', 'did not hold', 'inconclusive']).toContain(f.verdict);
    // Held-out evaluations at the start, after step 1 and at the end, per algorithm.
    for (const name of ['grpo', 'filtered-isft', 'isft'])
      expect(report.steps[name]?.map((p) => p.step)).toEqual([0, 1, 2]);
  });

  it('writes report.json, report.md and the three plots with every series', async () => {
    const json = JSON.parse(await readFile(join(outDir, 'report.json'), 'utf8')) as ExperimentReport;
    expect(json.models.map((m) => m.name)).toEqual(['sft', 'grpo', 'filtered-isft', 'isft']);
    const markdown = await readFile(join(outDir, 'report.md'), 'utf8');
    expect(markdown).toContain('| model | RL steps | pass@1 [95% CI] | pass@4 [95% CI] |');
    expect(markdown).toContain('## What the seeds claim, tested');
    expect(json.elapsed_s).toBeGreaterThan(0);
    expect([json.config.final.problems, json.config.final.n]).toEqual([3, 4]);
    expect(markdown).toContain('![pass@k](pass-at-k.svg)');
    for (const name of ['grpo', 'filtered-isft', 'isft']) expect(markdown).toContain(`### ${name}`);
    const series = async (file: string) => {
      const svg = await readFile(join(outDir, file), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      return [...new Set([...svg.matchAll(/data-series="([^"]+)"/g)].map((m) => m[1]))];
    };
    expect(await series('accuracy.svg')).toEqual(['grpo', 'filtered-isft', 'isft']);
    expect(await series('pass-at-k.svg')).toEqual(['sft (base)', 'grpo', 'filtered-isft', 'isft']);
    expect(await series('lengths.svg')).toEqual(
      ['grpo', 'filtered-isft', 'isft'].flatMap((name) => [`${name} correct`, `${name} incorrect`]),
    );
    const generations = (await readFile(join(outDir, 'generations', 'grpo.jsonl'), 'utf8'))
      .trim()
      .split('\n');
    expect(generations).toHaveLength(3 * 4);
  });

  it('submits every final model as a leaderboard run, the trained ones naming the SFT base', async () => {
    // A local HTTP server that speaks the eval-api's create-run reply.
    const bodies: {
      model: string;
      base_model?: string;
      method: string;
      step: number;
      records: unknown[];
      provenance: unknown;
    }[] = [];
    const server = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      bodies.push(JSON.parse(body));
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: `run_${bodies.length}`,
          status: 'scored',
          links: { self: `/runs/${bodies.length}` },
        }),
      );
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const lines = await submitModels(config, report, { api, key: 'cxk_test' });
      expect(lines).toEqual([1, 2, 3, 4].map((i, j) => `${report.models[j]?.name}: ${api}/runs/${i}`));
    } finally {
      server.close();
    }
    expect(bodies.map((b) => [b.model, b.base_model, b.method, b.step, b.records.length])).toEqual([
      ['smoke-sft', undefined, 'sft', 2, 12],
      ['smoke-grpo', 'smoke-sft', 'grpo', 2, 12],
      ['smoke-filtered-isft', 'smoke-sft', 'filtered-isft', 2, 12],
      ['smoke-isft', 'smoke-sft', 'isft', 2, 12],
    ]);
    for (const body of bodies)
      expect(body.provenance).toEqual({ generator: { name: 'crossover-sample', version: CLI_VERSION } });
  });
});

describe('runExperiment with several RL seeds, from a named base checkpoint', () => {
  // The same smoke run with two arms, each at seeds 3 and 5, from the first run's SFT checkpoint.
  let seedsDir: string;
  let seedsReport: ExperimentReport;
  beforeAll(async () => {
    const { sft: _sft, ...rest } = config;
    const seeded = validateExperimentConfig({
      ...rest,
      name: 'smoke-seeds',
      base: join(outDir, 'runs', 'sft'),
      seeds: [3, 5],
      algorithms: [
        { name: 'grpo', algo: 'grpo' },
        { name: 'isft', algo: 'isft' },
      ],
    });
    seedsDir = await mkdtemp(join(tmpdir(), 'crossover-experiment-seeds-'));
    ({ report: seedsReport } = await runExperiment(seeded, { outDir: seedsDir, log: () => {} }));
  }, 120_000);
  afterAll(() => rm(seedsDir, { recursive: true, force: true }));

  it('runs every arm at every seed and reports the first seed as the models', async () => {
    expect(seedsReport.models.map((m) => [m.name, m.step])).toEqual([
      ['sft', 2],
      ['grpo', 2],
      ['isft', 2],
    ]);
    expect(Object.keys(seedsReport.timings_s)).toEqual(
      expect.arrayContaining(['grpo', 'isft', 'grpo.seed-5', 'isft.seed-5', 'final-grpo.seed-5']),
    );
    // The base was read, not trained.
    expect(Object.keys(seedsReport.timings_s)).not.toContain('sft');
    expect(await readdir(join(seedsDir, 'runs'))).not.toContain('sft');
    // Each arm was trained with its own seed (the checkpoint records it).
    const seedOf = async (run: string) => {
      const checkpoint = await resolveCheckpointDir(join(seedsDir, 'runs', run));
      const saved = JSON.parse(await readFile(join(checkpoint, 'config.json'), 'utf8'));
      return (saved as { train: { seed: number } }).train.seed;
    };
    expect([await seedOf('grpo'), await seedOf('grpo.seed-5')]).toEqual([3, 5]);
  });

  it('tests the findings at every seed and gives their spread', async () => {
    const spread = seedsReport.seeds;
    expect(spread?.seeds).toEqual([3, 5]);
    expect(spread?.runs.map((r) => [r.seed, r.arms.map((a) => a.name), r.findings.map((f) => f.id)])).toEqual(
      [
        [3, ['grpo', 'isft'], ['i', 'ii', 'iii']],
        [5, ['grpo', 'isft'], ['i', 'ii', 'iii']],
      ],
    );
    // The first seed's verdicts are the report's own findings.
    expect(spread?.runs[0]?.findings).toEqual(seedsReport.findings);
    expect(spread?.arms.map((a) => [a.name, a.crossover_k.length])).toEqual([
      ['grpo', 2],
      ['isft', 2],
    ]);
    for (const f of spread?.findings ?? []) expect(f.verdicts).toHaveLength(2);
    const markdown = await readFile(join(seedsDir, 'report.md'), 'utf8');
    expect(markdown).toContain('## Across 2 RL seeds (3, 5)');
    expect(markdown).toContain('| test | claim | verdict per seed (3, 5) | held | across seeds |');
  });
});

describe('runExperiment from a base that holds no checkpoint', () => {
  it('is refused before the output directory is made', async () => {
    const { sft: _sft, ...rest } = config;
    const parent = await mkdtemp(join(tmpdir(), 'crossover-experiment-nobase-'));
    try {
      const missing = validateExperimentConfig({ ...rest, base: join(parent, 'no-such-run') });
      const out = join(parent, 'out');
      await expect(runExperiment(missing, { outDir: out, log: () => {} })).rejects.toThrow(
        /base .*no-such-run holds no checkpoint/,
      );
      expect(await readdir(parent)).toEqual([]);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
