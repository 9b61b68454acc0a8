import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckpointConfig } from '../train/checkpoint.js';
import { migrateSettings } from './migrate.js';
import { sftSettingsFrom } from './sft-settings.js';
import { SHIPPED_SFT_DIR, shippedConfigJson } from './test-helpers.js';

const before = JSON.parse(
  await readFile(join(import.meta.dirname, 'fixtures', 'settings-before-v2.json'), 'utf8'),
) as Record<string, Record<string, unknown>>;

function migrated(train: unknown) {
  const parsed = migrateSettings(train);
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
}

describe('reading a checkpoint’s settings at any version', () => {
  it('reads the shipped (version 1) checkpoint as version 2, every value kept', async () => {
    const { train } = await shippedConfigJson();
    expect(train.version).toBeUndefined();
    expect(migrated(train)).toEqual({ version: 2, ...train });
    expect((await readCheckpointConfig(SHIPPED_SFT_DIR)).train).toEqual({ version: 2, ...train });
  });

  it('fills what an older SFT run lacked with the values it used', async () => {
    const { train } = await shippedConfigJson();
    const {
      copyAux,
      minValue,
      maxValue,
      minTarget,
      maxTarget,
      sftTarget,
      termOrder,
      heldOut,
      template,
      ...old
    } = train;
    expect(migrated(old)).toMatchObject({
      copyAux: 0,
      ...{ minValue: 1, maxValue: 99, minTarget: 1, maxTarget: 100 },
      ...{ sftTarget: 'full', termOrder: 'canonical', heldOut: 'evaluated', template: 'base' },
      lr: train.lr,
      version: 2,
    });
  });

  it('fills the Countdown ranges of an older RL run with the generator’s', () => {
    const { minValue, maxValue, minTarget, maxTarget, ...old } = before['countdown-cpu/grpo/1'] ?? {};
    expect(migrated(old)).toMatchObject({
      algo: 'grpo',
      minValue: 1,
      maxValue: 99,
      minTarget: 1,
      maxTarget: 100,
    });
    expect(migrated(before['countdown-cpu/grpo/1'])).toEqual({
      version: 2,
      ...before['countdown-cpu/grpo/1'],
    });
  });

  it('reads version 2 as written', () => {
    const settings = sftSettingsFrom({ lr: 0.002 }, 259);
    expect(migrated(JSON.parse(JSON.stringify(settings)))).toEqual(settings);
  });

  it('names the setting that is missing or of an unknown version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crossover-migrate-'));
    try {
      const stored = await shippedConfigJson();
      const { lr: _lr, ...withoutLr } = stored.train;
      await writeFile(join(dir, 'config.json'), JSON.stringify({ ...stored, train: withoutLr }));
      await expect(readCheckpointConfig(dir)).rejects.toThrow(`checkpoint ${dir}: train.lr`);
      await writeFile(
        join(dir, 'config.json'),
        JSON.stringify({ ...stored, train: { ...stored.train, version: 3 } }),
      );
      await expect(readCheckpointConfig(dir)).rejects.toThrow(`checkpoint ${dir}: train.version`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
