/**
 * An RL run's settings from its typed options and the SFT checkpoint it starts from. Each option is
 * layered: given on the command line, else the table's RL default, else the SFT run's value (its task,
 * held-out set, ranges, seed, evaluation), else the table's default. The model and the prompt template are
 * always the SFT run's: the policy is that model.
 */
import { UsageError } from '@crossover/cli';
import { isRlAlgo } from '../rl/update.js';
import {
  flagName,
  type OptionSpec,
  TRAIN_OPTIONS,
  type TrainOptionKey,
  type TrainOptions,
} from './options.js';
import { type RlSettings, SETTINGS_VERSION, type TrainSettings } from './settings.js';

/** `initDir`: the SFT checkpoint directory; `init`: its settings. */
export function rlSettingsFrom(options: TrainOptions, initDir: string, init: TrainSettings): RlSettings {
  const algo = options.algo;
  if (algo === undefined || !isRlAlgo(algo)) throw new UsageError(`unknown RL algorithm ${String(algo)}`);
  const value = <K extends TrainOptionKey>(key: K) => layered(options, init, key);
  const topP = value('topP');
  // The nucleus cut samples from a distribution the policy's log-probs do not describe: the ratio and the
  // policy gradient would be off-policy, so grpo refuses it rather than silently learning something else.
  if (algo === 'grpo' && topP < 1)
    throw new UsageError('--top-p < 1 makes grpo off-policy; sample with --top-p 1 (and set --temperature)');
  const task = value('task');
  const lr = value('lr');
  const clipEps = value('clipEps');
  const evalMaxTokens = value('evalMaxTokens');
  const maxTokens = options.maxTokens ?? evalMaxTokens;
  const gsm8kTrain = layeredOrAbsent(options, init, 'gsm8kTrain');
  return {
    version: SETTINGS_VERSION,
    algo,
    task,
    template: init.template,
    init: initDir,
    model: init.model,
    seed: value('seed'),
    steps: value('steps'),
    promptsPerStep: value('promptsPerStep'),
    groupSize: value('groupSize'),
    lr,
    // RL's schedule is constant unless told otherwise.
    minLr: options.minLr ?? lr,
    warmup: value('warmup'),
    weightDecay: value('weightDecay'),
    gradClip: value('gradClip'),
    clipEps,
    clipEpsHigh: options.clipEpsHigh ?? clipEps,
    klBeta: value('klBeta'),
    numIterations: Math.max(1, value('numIterations')),
    aggregation: value('loss'),
    scaleRewards: value('scaleRewards'),
    weighting: value('weights'),
    negWeight: value('negWeight'),
    dropUniform: value('dropUniform'),
    formatReward: value('formatReward'),
    temperature: value('temperature'),
    topP,
    maxTokens,
    maxCompletionLength: maxTokens + 1,
    sampleBatchSize: value('sampleBatchSize'),
    microBatch: value('microBatch'),
    trainSize: value('trainSize'),
    minNumbers: value('minNumbers'),
    maxNumbers: value('maxNumbers'),
    minValue: value('minValue'),
    maxValue: value('maxValue'),
    minTarget: value('minTarget'),
    maxTarget: value('maxTarget'),
    ...(gsm8kTrain === undefined ? {} : { gsm8kTrain }),
    evalTaskset: layeredOrAbsent(options, init, 'evalTaskset') ?? `${task}/test`,
    evalProblems: value('evalProblems'),
    evalEvery: value('evalEvery'),
    evalN: value('evalN'),
    evalTemperature: value('evalTemperature'),
    evalMaxTokens,
    checkpointEvery: Math.max(1, value('checkpointEvery')),
  };
}

/** Given > RL default > the SFT run's > the table default; undefined when none of them has a value. */
function layeredOrAbsent<K extends TrainOptionKey>(
  options: TrainOptions,
  init: TrainSettings,
  key: K,
): TrainOptions[K] {
  const spec: OptionSpec = TRAIN_OPTIONS[key];
  // A setting named like an option holds that option's value (sft-settings.ts stores them so).
  const fromInit = (init as Record<string, unknown>)[key] as TrainOptions[K];
  return options[key] ?? (spec.rl as TrainOptions[K]) ?? fromInit ?? (spec.default as TrainOptions[K]);
}

function layered<K extends TrainOptionKey>(
  options: TrainOptions,
  init: TrainSettings,
  key: K,
): NonNullable<TrainOptions[K]> {
  const found = layeredOrAbsent(options, init, key);
  if (found === undefined || found === null) throw new Error(`option --${flagName(key)} has no RL default`);
  return found;
}
