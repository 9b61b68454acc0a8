// How the shipped countdown tasksets were generated; scripts/build-tasksets.mjs reads this, and a test
// regenerates a prefix from it to show the shipped file still matches.
import { COUNTDOWN_DEFAULTS, type CountdownGeneratorOptions } from '../../countdown/generator.js';

export const COUNTDOWN_TEST_SPEC: CountdownGeneratorOptions & { idPrefix: string } = {
  ...COUNTDOWN_DEFAULTS,
  seed: 20_261_122,
  count: 1024,
  idPrefix: 'countdown/test',
};

/**
 * countdown/easy: 3 numbers from 1 to 9 and targets up to 20, where a tiny model trained on two CPU cores
 * for minutes is at the edge of its competence: the held-out set of the CPU experiment and the demo. (With
 * 2 numbers the whole instance space is a few hundred problems: a held-out set would take most of it.)
 */
export const COUNTDOWN_EASY_SPEC: CountdownGeneratorOptions & { idPrefix: string } = {
  ...COUNTDOWN_DEFAULTS,
  seed: 20_261_202,
  count: 512,
  minCount: 3,
  maxCount: 3,
  minNumber: 1,
  maxNumber: 9,
  minTarget: 1,
  maxTarget: 20,
  idPrefix: 'countdown/easy',
};
