// How the shipped countdown/test taskset was generated; scripts/build-tasksets.mjs reads this, and a test
// regenerates a prefix from it to show the shipped file still matches.
import { COUNTDOWN_DEFAULTS, type CountdownGeneratorOptions } from '../../countdown/generator.js';

export const COUNTDOWN_TEST_SPEC: CountdownGeneratorOptions & { idPrefix: string } = {
  ...COUNTDOWN_DEFAULTS,
  seed: 20_261_122,
  count: 1024,
  idPrefix: 'countdown/test',
};
