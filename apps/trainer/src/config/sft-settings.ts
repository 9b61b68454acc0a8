/**
 * An SFT run's settings from its typed options: the table's defaults where an option was not given, the
 * model from the preset and its overrides, and the checks that span options.
 */
import { UsageError } from '@crossover/cli';
import { type ModelConfig, resolveConfig } from '../model/config.js';
import { type TrainOptions, sftValue as value } from './options.js';
import { SETTINGS_VERSION, type SftSettings } from './settings.js';

/** `vocabSize`: the tokenizer's, which decides the model's vocabulary. */
export function sftSettingsFrom(options: TrainOptions, vocabSize: number): SftSettings {
  const task = value(options, 'task');
  const template = value(options, 'template');
  if (task === 'gsm8k' && template === 'compact')
    throw new UsageError('the compact template is for countdown');
  if (task === 'gsm8k' && !options.gsm8kTrain)
    throw new UsageError('--gsm8k-train <path-or-url> is required for gsm8k');
  const lr = value(options, 'lr');
  return {
    version: SETTINGS_VERSION,
    algo: 'sft',
    task,
    template,
    seed: value(options, 'seed'),
    model: modelFrom(options, vocabSize),
    steps: value(options, 'steps'),
    batchSize: value(options, 'batchSize'),
    lr,
    // The cosine schedule ends a decade below the peak unless told otherwise.
    minLr: options.minLr ?? lr / 10,
    warmup: value(options, 'warmup'),
    weightDecay: value(options, 'weightDecay'),
    gradClip: value(options, 'gradClip'),
    trainSize: value(options, 'trainSize'),
    copyAux: value(options, 'copyAux'),
    minNumbers: value(options, 'minNumbers'),
    maxNumbers: value(options, 'maxNumbers'),
    minValue: value(options, 'minValue'),
    maxValue: value(options, 'maxValue'),
    minTarget: value(options, 'minTarget'),
    maxTarget: value(options, 'maxTarget'),
    ...(options.solutionsPerProblem === undefined
      ? {}
      : { solutionsPerProblem: options.solutionsPerProblem }),
    sftTarget: value(options, 'sftTarget'),
    termOrder: value(options, 'termOrder'),
    heldOut: 'taskset',
    ...(options.gsm8kTrain ? { gsm8kTrain: options.gsm8kTrain } : {}),
    evalTaskset: options.evalTaskset ?? `${task}/test`,
    evalProblems: value(options, 'evalProblems'),
    evalEvery: value(options, 'evalEvery'),
    evalN: value(options, 'evalN'),
    evalTemperature: value(options, 'evalTemperature'),
    evalMaxTokens: value(options, 'evalMaxTokens'),
    logEvery: Math.max(1, value(options, 'logEvery')),
    checkpointEvery: Math.max(1, value(options, 'checkpointEvery')),
  };
}

function modelFrom(options: TrainOptions, vocabSize: number): ModelConfig {
  try {
    return resolveConfig(value(options, 'preset'), vocabSize, {
      nLayer: options.nLayer,
      nHead: options.nHead,
      dModel: options.dModel,
      dMlp: options.dMlp,
      blockSize: options.blockSize,
      positions: options.positions,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
