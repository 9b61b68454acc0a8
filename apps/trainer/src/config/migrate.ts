/**
 * The one reader of a checkpoint's stored settings (`config.json`'s `train`), whatever version wrote them.
 * Version 1 (no `version` field) left out the settings added after a run was made; each is filled with the
 * value such a run actually used, so that resuming it, or starting RL from it, rebuilds the same data.
 */
import { difficultyOf } from '../train/sft-data.js';
import { SETTINGS_VERSION, trainSettingsSchema } from './settings.js';

/** A checkpoint's `train`, at any version, parsed as the current settings (or why it cannot be). */
export function migrateSettings(train: unknown) {
  const stored = typeof train === 'object' && train !== null ? (train as Record<string, unknown>) : {};
  return trainSettingsSchema.safeParse(stored.version === undefined ? fromVersion1(stored) : stored);
}

/** Version-1 settings as version 2: what runs before each option did, written out. */
export function fromVersion1(train: Record<string, unknown>): Record<string, unknown> {
  const generator = difficultyOf({});
  const filled = {
    version: SETTINGS_VERSION,
    ...train,
    // Runs from before --template used the base prompt.
    template: train.template ?? 'base',
    // Runs from before the range options drew from the Countdown generator's default ranges.
    minValue: train.minValue ?? generator.minNumber,
    maxValue: train.maxValue ?? generator.maxNumber,
    minTarget: train.minTarget ?? generator.minTarget,
    maxTarget: train.maxTarget ?? generator.maxTarget,
  };
  if (train.algo !== 'sft') return filled;
  return {
    ...filled,
    copyAux: train.copyAux ?? 0,
    sftTarget: train.sftTarget ?? 'full',
    termOrder: train.termOrder ?? 'canonical',
    // Before the field, training left out only the evaluated first evalProblems of the held-out set.
    heldOut: train.heldOut ?? 'evaluated',
  };
}
