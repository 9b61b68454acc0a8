import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateSettings } from './migrate.js';
import { rlSettingsFrom } from './rl-settings.js';
import type { SftSettings } from './settings.js';
import { sftSettingsFrom } from './sft-settings.js';
import { parseTrainArgs, SHIPPED_SFT_DIR, shippedConfigJson } from './test-helpers.js';

/**
 * What the settings code before version 2 resolved (commander defaults, RL_DEFAULTS, settingsFrom) for
 * these command lines, written by that code at commit 0c8e7b9; the `--init` was the shipped checkpoint.
 */
const before = JSON.parse(
  await readFile(join(import.meta.dirname, 'fixtures', 'settings-before-v2.json'), 'utf8'),
) as Record<string, Record<string, unknown>>;
const INIT = 'checkpoints/countdown-easy-sft';

async function shippedSettings(): Promise<SftSettings> {
  const parsed = migrateSettings((await shippedConfigJson()).train);
  if (!parsed.success || parsed.data.algo !== 'sft') throw new Error('the shipped checkpoint is SFT');
  return parsed.data;
}

async function sftFrom(args: string[]): Promise<SftSettings> {
  return sftSettingsFrom(await parseTrainArgs(args), 259);
}

async function rlFrom(args: string[], init: SftSettings) {
  return rlSettingsFrom(await parseTrainArgs(args), INIT, init);
}

const sftArgs: Record<string, string[]> = {
  'sft-bare': [],
  'sft-overrides': [
    ...['--lr', '3e-3', '--n-layer', '2', '--positions', 'rotary', '--log-every', '0'],
    ...['--solutions-per-problem', '3', '--task', 'countdown', '--template', 'chat'],
    ...['--eval-taskset', 'countdown/easy'],
  ],
  'sft-gsm8k': ['--task', 'gsm8k', '--gsm8k-train', 'x.jsonl', '--preset', 'small', '--min-lr', '0'],
};

const rlArgs: Record<string, string[]> = {
  'rl-bare': ['--algo', 'grpo', '--init', INIT],
  'rl-overrides': [
    ...['--algo', 'isft', '--init', INIT, '--lr', '2e-4', '--min-lr', '1e-5', '--clip-eps', '0.3'],
    ...['--max-tokens', '64', '--no-drop-uniform', '--eval-problems', '7', '--max-value', '50'],
    ...['--task', 'countdown', '--seed', '9', '--weights', 'advantage', '--template', 'chat'],
  ],
  'rl-clip-high': [
    ...['--algo', 'grpo', '--init', INIT, '--clip-eps-high', '0.28', '--num-iterations', '0'],
    ...['--checkpoint-every', '0', '--eval-taskset', 'countdown/test'],
  ],
};

describe('SFT settings from the command line', () => {
  it.each(Object.keys(sftArgs))('%s: as before version 2, with the version', async (name) => {
    const settings = sftSettingsFrom(await parseTrainArgs(sftArgs[name] as string[]), 259);
    expect(settings).toEqual({ version: 2, ...before[name] });
    // Same keys in the same order: the checkpoint's config.json reads as it did.
    expect(Object.keys(settings)).toEqual(['version', ...Object.keys(before[name] ?? {})]);
  });

  it('fills the table defaults and derives the schedule end from the peak', async () => {
    const settings = sftSettingsFrom(await parseTrainArgs(['--lr', '2e-3']), 259);
    expect([settings.steps, settings.batchSize, settings.lr, settings.minLr]).toEqual([1000, 16, 2e-3, 2e-4]);
    expect([settings.evalTaskset, settings.heldOut, settings.model.vocabSize]).toEqual([
      'countdown/test',
      'taskset',
      259,
    ]);
  });

  it('refuses option combinations that cannot train, naming the option', async () => {
    await expect(sftFrom(['--task', 'gsm8k'])).rejects.toThrow(
      '--gsm8k-train <path-or-url> is required for gsm8k',
    );
    const compact = ['--task', 'gsm8k', '--gsm8k-train', 'x', '--template', 'compact'];
    await expect(sftFrom(compact)).rejects.toThrow('the compact template is for countdown');
  });
});

describe('RL settings: given > RL default > the SFT checkpoint > the table default', () => {
  it.each(Object.keys(rlArgs))('%s: as before version 2, with the version', async (name) => {
    const settings = rlSettingsFrom(
      await parseTrainArgs(rlArgs[name] as string[]),
      INIT,
      await shippedSettings(),
    );
    expect(settings).toEqual({ version: 2, ...before[name] });
    expect(Object.keys(settings)).toEqual(['version', ...Object.keys(before[name] ?? {})]);
  });

  it('takes each layer in turn', async () => {
    const init = { ...(await shippedSettings()), evalProblems: 128, lr: 0.005, seed: 4 };
    const bare = rlSettingsFrom(await parseTrainArgs(['--algo', 'grpo', '--init', INIT]), INIT, init);
    // RL default over the SFT run's lr; the SFT run's evaluation size and seed, which have no RL default.
    expect([bare.lr, bare.evalProblems, bare.seed, bare.steps]).toEqual([1e-5, 128, 4, 100]);
    const given = ['--algo', 'grpo', '--init', INIT, '--lr', '3e-4', '--eval-problems', '9', '--seed', '2'];
    const cli = rlSettingsFrom(await parseTrainArgs(given), INIT, init);
    expect([cli.lr, cli.evalProblems, cli.seed]).toEqual([3e-4, 9, 2]);
    // Neither given, RL default nor in the SFT run: the table default.
    const { maxValue: _absent, ...withoutRange } = init;
    const fallback = rlSettingsFrom(
      await parseTrainArgs(['--algo', 'grpo']),
      INIT,
      withoutRange as SftSettings,
    );
    expect(fallback.maxValue).toBe(99);
  });

  it('keeps the SFT run’s model and template and refuses an off-policy grpo', async () => {
    const init = await shippedSettings();
    const chat = rlSettingsFrom(await parseTrainArgs(['--algo', 'isft', '--template', 'chat']), INIT, init);
    expect([chat.template, chat.model]).toEqual([init.template, init.model]);
    await expect(rlFrom(['--algo', 'grpo', '--top-p', '0.9'], init)).rejects.toThrow(
      '--top-p < 1 makes grpo off-policy',
    );
    expect(rlSettingsFrom(await parseTrainArgs(['--algo', 'isft', '--top-p', '0.9']), INIT, init).topP).toBe(
      0.9,
    );
  });

  it('names the directory it starts from as given', async () => {
    const settings = rlSettingsFrom(
      await parseTrainArgs(['--algo', 'grpo']),
      SHIPPED_SFT_DIR,
      await shippedSettings(),
    );
    expect(settings.init).toBe(SHIPPED_SFT_DIR);
  });
});
