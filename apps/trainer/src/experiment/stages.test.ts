import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateSettings } from '../config/migrate.js';
import type { TrainFlags } from '../config/parse.js';
import { rlSettingsFrom } from '../config/rl-settings.js';
import { sftSettingsFrom } from '../config/sft-settings.js';
import { parseTrainArgs, shippedConfigJson } from '../config/test-helpers.js';
import { type ExperimentConfig, loadExperimentConfig, rlSeeds } from './config.js';
import { experimentStages } from './stages.js';

const configs = join(import.meta.dirname, '..', '..', 'configs');
const before = JSON.parse(
  await readFile(join(import.meta.dirname, '..', 'config', 'fixtures', 'settings-before-v2.json'), 'utf8'),
) as Record<string, Record<string, unknown>>;

/** The shipped configs as they were when version 2 came, frozen so that the shipped ones may change. */
const configsBeforeV2: Record<string, string> = {
  'countdown-cpu': join(import.meta.dirname, '..', 'config', 'fixtures', 'countdown-cpu-before-v2.json'),
  'countdown-gpu': join(configs, 'countdown-gpu.json'),
};

/** The runner's argv before version 2: `{ "batch-size": 16 }` -> `--batch-size 16`, false left out. */
function flagsToArgs(flags: TrainFlags): string[] {
  return Object.entries(flags).flatMap(([key, value]) => {
    if (value === false) return [];
    return value === true ? [`--${key}`] : [`--${key}`, String(value)];
  });
}

function commonArgs(config: ExperimentConfig, seed: number): string[] {
  return ['--task', config.task, '--seed', String(seed), '--backend', config.backend ?? 'auto'];
}

describe.each(['countdown-cpu', 'countdown-gpu'])('the stages of the shipped %s experiment', (name) => {
  it('are the typed options its command lines gave', async () => {
    const config = await loadExperimentConfig(join(configs, `${name}.json`));
    const { sftDir, sft, arms } = experimentStages(config, 'out/runs');
    if (config.sft === undefined) {
      expect([sft, sftDir]).toEqual([null, config.base]);
    } else {
      expect(sft).toEqual(
        await parseTrainArgs([
          ...[...commonArgs(config, config.seed), '--algo', 'sft', ...flagsToArgs(config.sft)],
          ...['--run-dir', sftDir],
        ]),
      );
    }
    expect(arms).toHaveLength(rlSeeds(config).length * config.algorithms.length);
    for (const arm of arms) {
      const flags = flagsToArgs({ ...config.rl, ...arm.algorithm.options });
      const args = [
        ...commonArgs(config, arm.seed),
        '--algo',
        arm.algorithm.algo,
        '--init',
        sftDir,
        ...flags,
      ];
      expect(arm.options).toEqual(await parseTrainArgs([...args, '--run-dir', arm.runDir]));
      expect(arm.resume).toEqual(
        await parseTrainArgs(['--resume', arm.runDir, '--backend', config.backend ?? 'auto']),
      );
    }
  });

  it('resolve to the settings they resolved to before version 2', async () => {
    const config = await loadExperimentConfig(configsBeforeV2[name] as string);
    const { sft, arms } = experimentStages(config, 'out/runs');
    if (sft === null) throw new Error('the configs of version 1 trained their SFT base');
    expect(sftSettingsFrom(sft, 259)).toEqual({ version: 2, ...before[`${name}/sft`] });
    const parsed = migrateSettings((await shippedConfigJson()).train);
    if (!parsed.success) throw parsed.error;
    for (const arm of arms) {
      const settings = rlSettingsFrom(arm.options, 'checkpoints/countdown-easy-sft', parsed.data);
      expect(settings, arm.name).toEqual({
        version: 2,
        ...before[`${name}/${arm.algorithm.name}/${arm.seed}`],
      });
    }
  });
});

describe('experiment stages', () => {
  it('name the seeded run directories and stop at a bad flag before any stage runs', async () => {
    const config = await loadExperimentConfig(join(configs, 'countdown-cpu.json'));
    expect(experimentStages(config, 'r').arms.map((a) => a.runDir)).toEqual([
      'r/grpo',
      'r/filtered-isft',
      'r/isft',
      'r/grpo-token-mean',
    ]);
    expect(new Set(experimentStages(config, 'r').arms.map((a) => a.steps))).toEqual(new Set([50]));
    const { steps: _steps, ...unset } = config.rl;
    expect(experimentStages({ ...config, rl: unset }, 'r').arms[0]?.steps).toBe(100);
    const bad = { ...config, rl: { ...config.rl, 'group-size': 'eight' } };
    expect(() => experimentStages(bad, 'r')).toThrow('--group-size must be an integer, got "eight"');
  });
});
