/**
 * Every option of `crossover train`, declared once: its value kind (a zod schema), help text and defaults.
 * Commander's options (commander.ts), the typed options (parse.ts), the SFT and RL settings (sft-settings.ts,
 * rl-settings.ts) and the README's option table (readme.ts) are all derived from this one table.
 *
 * `default` is the value when the option is not given (for SFT, and for RL where `rl` says nothing and the
 * SFT checkpoint has no value); `rl` is RL's own default, which wins over the SFT checkpoint's value.
 * `defaultText` describes a default computed from other options.
 */
import { TRAIN_TEMPLATES } from '@crossover/tasks';
import {
  flag,
  integer,
  number,
  numberAbove,
  oneOf,
  positiveInteger,
  text,
  type ValueKind,
} from './values.js';

export interface OptionSpec<T = unknown> {
  kind: ValueKind<T>;
  /** Commander's placeholder: `<n>`, `<x>`, `<dir>` (absent for switches). */
  placeholder?: string;
  help: string;
  default?: T;
  rl?: T;
  defaultText?: string;
  /** The help of the `--no-` form of a switch. */
  negatedHelp?: string;
}

function option<T>(
  kind: ValueKind<T>,
  placeholder: string,
  help: string,
  more: Partial<OptionSpec<NoInfer<T>>> = {},
) {
  return { kind, placeholder, help, ...more } satisfies OptionSpec<T>;
}

export const TRAIN_OPTIONS = {
  algo: option(oneOf(['sft', 'grpo', 'filtered-isft', 'isft']), '<algo>', 'training objective', {
    default: 'sft',
  }),
  task: option(oneOf(['countdown', 'gsm8k']), '<task>', 'task', { default: 'countdown' }),
  preset: option(oneOf(['tiny', 'small', 'base']), '<name>', 'model size', { default: 'tiny' }),
  nLayer: option(integer(), '<n>', 'override: transformer blocks'),
  nHead: option(integer(), '<n>', 'override: attention heads'),
  dModel: option(integer(), '<n>', 'override: model width'),
  dMlp: option(integer(), '<n>', 'override: MLP width', { defaultText: '4 x d-model' }),
  blockSize: option(integer(), '<n>', 'override: longest sequence in tokens'),
  positions: option(oneOf(['learned', 'rotary']), '<kind>', 'override: position encoding'),
  tokenizer: option(
    text(),
    '<file>',
    'a Hugging Face tokenizer.json (or its directory) instead of the byte-level tokenizer; BOS/EOS/PAD ' +
      'from the tokenizer_config.json beside it, else the usual names; stored in the checkpoint, so ' +
      '--resume and RL keep the one the checkpoint was trained with',
  ),
  // Listed here rather than imported: backend/select.js loads tfjs, which `crossover train --help` need not.
  // A test checks the list against BACKEND_ORDER.
  backend: option(
    oneOf(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']),
    '<name>',
    'tensor backend',
    {
      default: 'auto',
    },
  ),
  template: option(
    oneOf(TRAIN_TEMPLATES),
    '<name>',
    "prompt template (compact: short Countdown prompt); RL keeps the SFT run's",
    { default: 'base' },
  ),
  seed: option(integer(), '<n>', 'seed for weights, data order and evaluation sampling', {
    default: 1,
    defaultText: "RL: the SFT run's",
  }),
  steps: option(integer(), '<n>', 'optimizer steps', { default: 1000, rl: 100 }),
  batchSize: option(integer(), '<n>', 'sequences per step', { default: 16 }),
  lr: option(number(), '<x>', 'peak learning rate', { default: 1e-3, rl: 1e-5 }),
  minLr: option(number(), '<x>', 'final learning rate of the cosine schedule', {
    defaultText: 'lr / 10; RL: lr (constant)',
  }),
  warmup: option(integer(), '<n>', 'linear warm-up steps', { default: 50, rl: 0 }),
  weightDecay: option(number(), '<x>', 'AdamW weight decay on matrices', { default: 0.1, rl: 0 }),
  gradClip: option(number(), '<x>', 'clip the global gradient norm (0: off)', { default: 1, rl: 1 }),
  trainSize: option(integer(), '<n>', 'countdown: generated training instances (RL: prompts)', {
    default: 20000,
    rl: 5000,
  }),
  copyAux: option(
    integer(),
    '<n>',
    'countdown: auxiliary restate-the-problem examples mixed in (helps tiny models)',
    { default: 0 },
  ),
  minNumbers: option(integer(), '<n>', 'countdown: fewest numbers per instance', { default: 3 }),
  maxNumbers: option(integer(), '<n>', 'countdown: most numbers per instance', { default: 4 }),
  minValue: option(integer(), '<n>', 'countdown: smallest number drawn', { default: 1 }),
  maxValue: option(integer(), '<n>', 'countdown: largest number drawn', { default: 99 }),
  minTarget: option(integer(), '<n>', 'countdown: smallest target', { default: 1 }),
  maxTarget: option(integer(), '<n>', 'countdown: largest target', { default: 100 }),
  solutionsPerProblem: option(
    positiveInteger(),
    '<n>',
    'countdown: each SFT answer is one of the n simplest solutions, chosen at random',
    { defaultText: '1 listed, 4 otherwise' },
  ),
  sftTarget: option(
    oneOf(['full', 'terse']),
    '<style>',
    'countdown, listed order: answers restate the problem (full) or not (terse)',
    { default: 'full' },
  ),
  termOrder: option(
    oneOf(['canonical', 'prompt', 'listed']),
    '<order>',
    'countdown: answers order numbers canonically (larger first), by the prompt (prompt), or exactly as ' +
      'listed (listed: only instances with such a solution)',
    { default: 'canonical' },
  ),
  gsm8kTrain: option(
    text(),
    '<path-or-url>',
    'gsm8k: the train split JSONL (a path, or a URL to fetch and cache)',
  ),
  evalTaskset: option(text(), '<name-or-file>', 'held-out problems', {
    defaultText: "<task>/test; RL: the SFT run's",
  }),
  evalProblems: option(integer(), '<n>', 'how many of them to evaluate on', { default: 64 }),
  evalEvery: option(integer(), '<n>', 'evaluate every n steps (0: only at the end)', {
    default: 200,
    rl: 10,
  }),
  evalN: option(integer(), '<n>', 'samples per problem at evaluation', { default: 1 }),
  evalTemperature: option(number(), '<x>', 'sampling temperature at evaluation (0: greedy)', { default: 0 }),
  evalMaxTokens: option(integer(), '<n>', 'token limit per evaluation answer', { default: 256 }),
  logEvery: option(integer(), '<n>', 'SFT: write a metrics line every n steps', { default: 10 }),
  checkpointEvery: option(integer(), '<n>', 'checkpoint every n steps', { default: 200, rl: 10 }),
  runDir: option(text(), '<dir>', 'where checkpoints and metrics.jsonl go', {
    defaultText: 'runs/<task>-<algo>-<time>',
  }),
  resume: option(
    text(),
    '<dir>',
    'continue a run from its latest checkpoint (or the given checkpoint directory)',
  ),
  maxMinutes: option(number(), '<x>', 'stop, checkpoint and evaluate after this many minutes'),
  workers: option(
    text(),
    '<n>',
    'threads sharing each batch and, in RL, decoding the rollouts (auto: every core on wasm/cpu, 1 ' +
      'gradient thread on native backends)',
    { default: 'auto' },
  ),
  init: option(text(), '<dir>', 'RL: the SFT run (or checkpoint directory) to start from'),
  promptsPerStep: option(integer(), '<n>', 'RL: prompts per round', { rl: 8 }),
  groupSize: option(integer(), '<n>', 'RL: samples per prompt, G', { rl: 8 }),
  temperature: option(numberAbove(0), '<x>', 'RL: sampling temperature of the rounds', { rl: 1 }),
  topP: option(
    numberAbove(0, 1),
    '<x>',
    'RL: nucleus sampling of the rounds (grpo refuses < 1: off-policy)',
    { rl: 1 },
  ),
  maxTokens: option(integer(), '<n>', 'RL: completion token limit', {
    defaultText: "the SFT run's --eval-max-tokens",
  }),
  clipEps: option(number(), '<x>', 'grpo: ratio clip epsilon', { rl: 0.2 }),
  clipEpsHigh: option(number(), '<x>', 'grpo: upper clip epsilon', { defaultText: '--clip-eps' }),
  klBeta: option(number(), '<x>', 'grpo: weight of the k3 KL to the initial policy', { rl: 0 }),
  numIterations: option(integer(), '<n>', 'RL: updates per sampled batch, old log-probs frozen', { rl: 1 }),
  loss: option(oneOf(['sequence-mean', 'token-mean', 'constant']), '<mode>', 'RL: loss aggregation', {
    rl: 'sequence-mean',
  }),
  scaleRewards: option(oneOf(['group', 'batch', 'none']), '<mode>', 'RL: advantage scaling', {
    rl: 'group',
  }),
  negWeight: option(number(), '<x>', 'isft (F-ISFT±): weight -lambda of incorrect samples', { rl: 1 }),
  weights: option(oneOf(['binary', 'advantage']), '<kind>', 'isft: binary (+1 / -lambda) or advantage', {
    rl: 'binary',
  }),
  dropUniform: {
    kind: flag(),
    help: 'filtered-isft, isft: leave out groups that are all correct or all wrong',
    negatedHelp:
      'filtered-isft, isft: keep groups that are all correct or all wrong (dropped by default, as their GRPO advantage is 0)',
    rl: true,
  } satisfies OptionSpec<boolean>,
  formatReward: option(number(), '<x>', 'RL: reward of a well-formed wrong answer (TinyZero: 0.1)', {
    rl: 0,
  }),
  microBatch: option(integer(), '<n>', 'RL: sequences per forward/backward pass', { rl: 16 }),
  sampleBatchSize: option(integer(), '<n>', 'RL: rows decoded together when sampling', { rl: 64 }),
};

export type TrainOptionKey = keyof typeof TRAIN_OPTIONS;

type ValueOf<S> = S extends { kind: ValueKind<infer T> } ? T : never;

/** The typed options of one `crossover train` invocation: those given, nothing filled in. */
export type TrainOptions = { [K in TrainOptionKey]?: ValueOf<(typeof TRAIN_OPTIONS)[K]> };

/** `batchSize` -> `batch-size`, the command-line name. */
export function flagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function optionKeys(): TrainOptionKey[] {
  return Object.keys(TRAIN_OPTIONS) as TrainOptionKey[];
}

/** The option's value when given, else its table default (SFT's); an option without one is a bug here. */
export function sftValue<K extends TrainOptionKey>(
  options: TrainOptions,
  key: K,
): NonNullable<TrainOptions[K]> {
  const spec: OptionSpec = TRAIN_OPTIONS[key];
  const found = options[key] ?? spec.default;
  if (found === undefined) throw new Error(`option --${flagName(key)} has no default`);
  return found as NonNullable<TrainOptions[K]>;
}

/** The option's RL default; an option without one is a bug here. */
export function rlDefault<K extends TrainOptionKey>(key: K): NonNullable<TrainOptions[K]> {
  const spec: OptionSpec = TRAIN_OPTIONS[key];
  if (spec.rl === undefined) throw new Error(`option --${flagName(key)} has no RL default`);
  return spec.rl as NonNullable<TrainOptions[K]>;
}
