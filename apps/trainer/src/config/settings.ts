/**
 * The settings that define a run, as checkpoints store them (`config.json`'s `train`, at SETTINGS_VERSION):
 * what `--resume` rebuilds the same run from and what an RL run reads from its SFT checkpoint. Resolved
 * from the typed options by sft-settings.ts and rl-settings.ts; older checkpoints are read by migrate.ts.
 */
import { TRAIN_TEMPLATES } from '@crossover/tasks';
import { z } from 'zod';

/** Version 1 had no `version` field; version 2 has every setting that a run used, none optional. */
export const SETTINGS_VERSION = 2;

const int = z.number().int();

export const modelConfigSchema = z.object({
  blockSize: int,
  nLayer: int,
  nHead: int,
  dModel: int,
  dMlp: int,
  normEps: z.number(),
  positions: z.enum(['learned', 'rotary']).optional(),
  vocabSize: int,
});

const task = z.enum(['countdown', 'gsm8k']);
const template = z.enum(TRAIN_TEMPLATES);

/** Fields the SFT and the RL settings share (in the order checkpoints have always listed them). */
const countdownRanges = {
  minNumbers: int,
  maxNumbers: int,
  minValue: int,
  maxValue: int,
  minTarget: int,
  maxTarget: int,
};

const evaluation = {
  gsm8kTrain: z.string().optional(),
  evalTaskset: z.string(),
  evalProblems: int,
  evalEvery: int,
  evalN: int,
  evalTemperature: z.number(),
  evalMaxTokens: int,
};

export const sftSettingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  algo: z.literal('sft'),
  task,
  template,
  seed: int,
  model: modelConfigSchema,
  steps: int,
  batchSize: int,
  lr: z.number(),
  minLr: z.number(),
  warmup: int,
  weightDecay: z.number(),
  gradClip: z.number(),
  trainSize: int,
  /** Auxiliary restate-the-problem examples mixed in (countdown; see countdownCopyExamples). */
  copyAux: int,
  ...countdownRanges,
  /** Distinct solutions to choose each answer from; absent: the generator's (1 listed, 4 otherwise). */
  solutionsPerProblem: int.min(1).optional(),
  sftTarget: z.enum(['full', 'terse']),
  termOrder: z.enum(['canonical', 'prompt', 'listed']),
  /**
   * Which held-out problems training leaves out: the whole eval taskset, or (runs from before the
   * option) only the evaluated first evalProblems, so that resuming such a run rebuilds the same data.
   */
  heldOut: z.enum(['taskset', 'evaluated']),
  ...evaluation,
  logEvery: int,
  checkpointEvery: int,
});

export const rlSettingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  algo: z.enum(['grpo', 'filtered-isft', 'isft']),
  task,
  template,
  /** The checkpoint the run started from (also the KL reference). */
  init: z.string(),
  model: modelConfigSchema,
  seed: int,
  steps: int,
  promptsPerStep: int,
  groupSize: int,
  lr: z.number(),
  minLr: z.number(),
  warmup: int,
  weightDecay: z.number(),
  gradClip: z.number(),
  clipEps: z.number(),
  clipEpsHigh: z.number(),
  klBeta: z.number(),
  numIterations: int,
  aggregation: z.enum(['sequence-mean', 'token-mean', 'constant']),
  scaleRewards: z.enum(['group', 'batch', 'none']),
  weighting: z.enum(['binary', 'advantage']),
  negWeight: z.number(),
  dropUniform: z.boolean(),
  formatReward: z.number(),
  temperature: z.number(),
  topP: z.number(),
  maxTokens: int,
  /** The completion length limit, the denominator of the `constant` aggregation. */
  maxCompletionLength: int,
  sampleBatchSize: int,
  microBatch: int,
  trainSize: int,
  ...countdownRanges,
  ...evaluation,
  checkpointEvery: int,
});

export type SftSettings = z.infer<typeof sftSettingsSchema>;
export type RlSettings = z.infer<typeof rlSettingsSchema>;
export type TrainSettings = SftSettings | RlSettings;

export const trainSettingsSchema = z.discriminatedUnion('algo', [sftSettingsSchema, rlSettingsSchema]);
