import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@crossover/cli';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTrain } from '../commands/train.js';
import { useCpuBackend } from '../model/test-helpers.js';
import { trainOptionsFrom, trainOptionsFromFlags } from './parse.js';
import { SHIPPED_SFT_DIR } from './test-helpers.js';

let dir: string;
beforeAll(async () => {
  await useCpuBackend();
  dir = await mkdtemp(join(tmpdir(), 'crossover-options-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The real `crossover train` command, action included. */
async function crossoverTrain(args: string[]): Promise<void> {
  const program = new Command('crossover').exitOverride();
  registerTrain(program);
  await program.parseAsync(['train', ...args], { from: 'user' });
}

describe('a bad option value', () => {
  it.each([
    [['--lr', 'x'], '--lr must be a number, got "x"'],
    [['--steps', '2.5'], '--steps must be an integer, got "2.5"'],
    [['--batch-size', ' '], '--batch-size must be an integer, got " "'],
    [['--solutions-per-problem', '0'], '--solutions-per-problem must be an integer of at least 1, got "0"'],
    [['--algo', 'grpo', '--temperature', '0'], '--temperature must be a number > 0, got "0"'],
    [['--algo', 'isft', '--top-p', '1.5'], '--top-p must be a number in (0, 1], got "1.5"'],
  ])('%j is a UsageError naming it, and nothing is written', async (args, message) => {
    const runDir = join(dir, 'run');
    const failure = crossoverTrain([...args, '--run-dir', runDir, '--backend', 'cpu']);
    await expect(failure).rejects.toThrow(UsageError);
    await expect(failure).rejects.toThrow(message);
    expect(await readdir(dir)).toEqual([]);
  });

  it('that only the settings can check also stops RL before anything is written', async () => {
    const runDir = join(dir, 'rl');
    const args = ['--algo', 'grpo', '--init', SHIPPED_SFT_DIR, '--top-p', '0.5', '--run-dir', runDir];
    await expect(crossoverTrain([...args, '--backend', 'cpu'])).rejects.toThrow(
      '--top-p < 1 makes grpo off-policy',
    );
    await expect(
      crossoverTrain(['--task', 'gsm8k', '--run-dir', runDir, '--backend', 'cpu']),
    ).rejects.toThrow('--gsm8k-train <path-or-url> is required for gsm8k');
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('typed options from an experiment config’s flags', () => {
  it('reads numbers, words and switches by their flag names', () => {
    expect(
      trainOptionsFromFlags({ 'batch-size': 16, lr: 0.005, loss: 'token-mean', 'drop-uniform': true }),
    ).toEqual({
      batchSize: 16,
      lr: 0.005,
      loss: 'token-mean',
      dropUniform: true,
    });
  });

  it('treats false as left out and "no-" as the negated switch, as the command line did', () => {
    expect(trainOptionsFromFlags({ 'drop-uniform': false, resume: false })).toEqual({});
    expect(trainOptionsFromFlags({ 'no-drop-uniform': true })).toEqual({ dropUniform: false });
  });

  it('reads a JSON number given to a text option as its digits', () => {
    expect(trainOptionsFromFlags({ workers: 2, 'eval-taskset': 'countdown/easy' })).toEqual({
      workers: '2',
      evalTaskset: 'countdown/easy',
    });
  });

  it('refuses unknown options and bad values by name', () => {
    expect(() => trainOptionsFromFlags({ 'batch-sise': 16 })).toThrow('unknown option --batch-sise');
    expect(() => trainOptionsFromFlags({ lr: true })).toThrow('--lr must be a number, got true');
    expect(() => trainOptionsFrom({ lrate: '1' })).toThrow('unknown option --lrate');
  });
});
