// End to end through the `crossover` command line (in this process): SFT with --tokenizer, --resume, RL
// from that checkpoint, export and sample, on a one-layer model so that it runs in seconds.
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerScoringCommands, runCli } from '@crossover/cli';
import { checkGenerationRecord } from '@crossover/tasks';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerTrainingCommands } from '../commands/index.js';
import type { CheckpointConfig } from '../train/checkpoint.js';
import type { HfTokenizerJson, HfTokenizerSpec } from './hf.js';

const fixtureDir = join(dirname(fileURLToPath(import.meta.url)), '../../test-fixtures/tokenizer');
const SMALL_MODEL = ['--preset', 'tiny', '--n-layer', '1', '--n-head', '2', '--d-model', '32'];
const SFT = [
  ...['train', '--algo', 'sft', '--task', 'countdown', '--template', 'compact', '--backend', 'cpu'],
  ...[...SMALL_MODEL, '--block-size', '128', '--seed', '3', '--steps', '3', '--batch-size', '2'],
  ...['--train-size', '16', '--eval-problems', '1', '--eval-every', '0', '--eval-max-tokens', '6'],
  ...['--log-every', '1', '--checkpoint-every', '2'],
  // gradient threads gain nothing on a one-layer model
  ...['--workers', '1'],
];

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `crossover ...args` as the CLI entry does; returns its exit code and what it wrote. */
async function crossover(...args: string[]): Promise<CliResult> {
  const program = new Command('crossover');
  registerScoringCommands(program);
  registerTrainingCommands(program);
  const written = { stdout: [] as string[], stderr: [] as string[] };
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      written[stream].push(String(chunk));
      return true;
    });
  const spies = [capture('stdout'), capture('stderr')];
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    await runCli(program, ['node', 'crossover', ...args]);
    return {
      code: Number(process.exitCode ?? 0),
      stdout: written.stdout.join(''),
      stderr: written.stderr.join(''),
    };
  } finally {
    for (const spy of spies) spy.mockRestore();
    process.exitCode = previous;
  }
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

async function metricsLosses(runDir: string): Promise<Array<[number, number]>> {
  const lines = (await readFile(join(runDir, 'metrics.jsonl'), 'utf8')).trim().split('\n');
  return lines
    .map((line) => JSON.parse(line) as { step: number; loss?: number })
    .filter((m) => m.loss !== undefined)
    .map((m) => [m.step, m.loss as number]);
}

let temp: string;
let run: string;
let fixture: HfTokenizerJson;
let trained: CliResult;

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'crossover-tokenizer-cli-'));
  fixture = await readJson<HfTokenizerJson>(join(fixtureDir, 'tokenizer.json'));
  // A copy that is deleted after training: everything later must work from the checkpoint alone.
  const copy = join(temp, 'tok');
  await cp(fixtureDir, copy, { recursive: true });
  run = join(temp, 'sft');
  trained = await crossover(...SFT, '--tokenizer', join(copy, 'tokenizer.json'), '--run-dir', run);
  await rm(copy, { recursive: true, force: true });
}, 120_000);
afterAll(() => rm(temp, { recursive: true, force: true }));

describe('crossover train --tokenizer', () => {
  it('trains a model whose vocabulary is the tokenizer.json and stores the tokenizer in the checkpoint', async () => {
    expect(trained.stderr).toContain('tokenizer: tokenizer.json, 658 tokens (BOS 656, EOS 656, PAD 657)');
    expect(trained.code).toBe(0);
    const checkpoints = await readdir(join(run, 'checkpoints'));
    expect(checkpoints.filter((name) => name.startsWith('step-'))).toEqual(['step-0000002', 'step-0000003']);
    const config = await readJson<CheckpointConfig>(join(run, 'checkpoints', 'step-0000003', 'config.json'));
    expect(config.model.vocabSize).toBe(658);
    expect(config.tokenizer).toMatchObject({
      kind: 'hf',
      vocab_size: 658,
      bos_token_id: 656,
      pad_token_id: 657,
    });
    expect((config.tokenizer as HfTokenizerSpec).tokenizer).toEqual(fixture);
    expect((config.tokenizer as HfTokenizerSpec).config?.pad_token).toBe('<|pad|>');
    expect((await metricsLosses(run)).map(([step]) => step)).toEqual([1, 2, 3]);
  });

  it('--resume rebuilds the tokenizer from the checkpoint and continues with the same losses', async () => {
    const checkpoint = join(run, 'checkpoints', 'step-0000002');
    // The same tokenizer named again (the directory of an identical copy) is accepted.
    const resumed = await crossover(
      ...['train', '--resume', checkpoint, '--backend', 'cpu', '--tokenizer', fixtureDir, '--workers', '1'],
    );
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toContain('tokenizer: tokenizer.json, 658 tokens');
    const losses = await metricsLosses(run);
    // Steps 1-3 of the first run, then step 3 again from the step-2 checkpoint: the same batch, tokens
    // and weights give the same loss.
    expect(losses.map(([step]) => step)).toEqual([1, 2, 3, 3]);
    expect(losses[3]?.[1]).toBe(losses[2]?.[1]);
  }, 60_000);

  it('--resume refuses a --tokenizer other than the checkpoint one', async () => {
    const other = join(temp, 'other');
    await mkdir(other, { recursive: true });
    const changed = { ...fixture, added_tokens: fixture.added_tokens?.slice(0, 1) };
    await writeFile(join(other, 'tokenizer.json'), JSON.stringify(changed));
    const otherFile = join(other, 'tokenizer.json');
    const refused = await crossover('train', '--resume', run, '--backend', 'cpu', '--tokenizer', otherFile);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not the tokenizer the checkpoint was trained with/);
    const rl = await crossover(
      ...['train', '--algo', 'grpo', '--init', run, '--backend', 'cpu', '--tokenizer', otherFile],
    );
    expect(rl.code).toBe(2);
    expect(rl.stderr).toMatch(/is not the tokenizer the checkpoint was trained with/);
  });

  it('says in one line when the tokenizer file is missing or broken', async () => {
    const missing = await crossover(
      ...SFT,
      '--tokenizer',
      join(temp, 'nope.json'),
      '--run-dir',
      join(temp, 'x'),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n').at(-1)).toBe(
      `crossover: tokenizer file not found: ${join(temp, 'nope.json')}`,
    );
    const broken = join(temp, 'broken.json');
    await writeFile(broken, '{"model": {"type": "BPE"');
    const bad = await crossover(...SFT, '--tokenizer', broken, '--run-dir', join(temp, 'y'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/crossover: .*broken\.json is not valid JSON/);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('crossover train --workers', () => {
  it('refuses a bad thread count in one line, before it writes anything', async () => {
    const runDir = join(temp, 'workers');
    const bad = await crossover(...SFT, '--workers', 'two', '--run-dir', runDir);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n').at(-1)).toBe(
      'crossover: --workers must be auto or an integer from 1 to 64, got "two"',
    );
    await expect(readdir(runDir)).rejects.toThrow('ENOENT');
  });
});

describe('RL, export and sample with an hf tokenizer', () => {
  it('RL takes the tokenizer of its --init checkpoint', async () => {
    const rlDir = join(temp, 'grpo');
    const rl = await crossover(
      ...['train', '--algo', 'grpo', '--init', run, '--backend', 'cpu', '--steps', '1', '--train-size', '4'],
      ...['--prompts-per-step', '2', '--group-size', '2', '--max-tokens', '6', '--eval-every', '1'],
      ...['--eval-problems', '1', '--lr', '1e-3', '--run-dir', rlDir],
    );
    expect(rl.code).toBe(0);
    expect(rl.stderr).toContain('tokenizer: tokenizer.json, 658 tokens');
    const config = await readJson<CheckpointConfig>(
      join(rlDir, 'checkpoints', 'step-0000001', 'config.json'),
    );
    expect(config.tokenizer.kind).toBe('hf');
    expect((config.tokenizer as HfTokenizerSpec).tokenizer).toEqual(fixture);
    const sidecar = await readJson<{ tokenizer: HfTokenizerSpec }>(
      join(rlDir, 'evals', 'step-0000001', 'model.json'),
    );
    expect(sidecar.tokenizer.kind).toBe('hf');
  }, 60_000);

  it('exports a self-contained sidecar and samples valid generation records from it', async () => {
    const onnx = join(temp, 'model.onnx');
    const exported = await crossover('export', '--checkpoint', run, '--out', onnx);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('(hf tokenizer)');
    const sidecar = await readJson<{
      vocab_size: number;
      config: { vocabSize: number };
      tokenizer: HfTokenizerSpec;
    }>(join(temp, 'model.json'));
    expect(sidecar.tokenizer.kind).toBe('hf');
    expect(sidecar.vocab_size).toBe(658);
    expect(sidecar.config.vocabSize).toBe(sidecar.tokenizer.vocab_size);
    expect(sidecar.tokenizer.tokenizer).toEqual(fixture);

    const out = join(temp, 'generations.jsonl');
    const sampled = await crossover(
      ...['sample', '--model', onnx, '--task', 'countdown', '--taskset', 'countdown/test', '--limit', '2'],
      ...['--n', '2', '--temperature', '1', '--max-tokens', '6', '--seed', '1', '--out', out],
    );
    expect(sampled.code).toBe(0);
    const records = (await readFile(out, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(4);
    for (const record of records) {
      expect(checkGenerationRecord(record)).toEqual(
        expect.objectContaining({ completion: record.completion }),
      );
      expect(record.num_tokens).toBeLessThanOrEqual(6);
      expect(typeof record.truncated).toBe('boolean');
      expect(record.completion).not.toContain('<|pad|>');
    }
    const scored = await crossover(
      ...['score', '--task', 'countdown', '--taskset', 'countdown/test', '--in', out, '--json', '--strict'],
    );
    expect(scored.code).toBe(0);
    expect(JSON.parse(scored.stdout).pass_at_k).toHaveProperty('1');
  }, 60_000);
});
