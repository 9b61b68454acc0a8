// @crossover/tasks: task registry, datasets, prompt templates, the Countdown generator and solver, and
// versioned tasksets. No I/O and no node: imports, so it runs in Workers as in Node; reading files and
// URLs lives in the `@crossover/tasks/node` entry.
export type { Canonical, Leaf, Product, Sum } from './countdown/canonical.js';
export {
  CountdownExpressionError,
  canonicalCountdownExpression,
  leavesOf,
  MAX_EXPRESSION_LENGTH,
  parseCanonicalExpression,
} from './countdown/expression.js';
export {
  COUNTDOWN_DEFAULTS,
  type CountdownGeneratorOptions,
  type CountdownProblemOptions,
  type GeneratedCountdown,
  generateCountdown,
  generateCountdownProblems,
} from './countdown/generator.js';
export {
  type CountdownTargetStyle,
  countdownListedSftTarget,
  isCountdownTargetStyle,
  type ListedExpression,
  solveCountdownInOrder,
} from './countdown/listed-order.js';
export { naiveCountdownSearch } from './countdown/naive.js';
export { COUNTDOWN_ASSISTANT_PREFIX, countdownMessages, countdownPrompt } from './countdown/prompt.js';
export { type Random, seededRandom } from './countdown/random.js';
export {
  type CountdownSftOptions,
  type CountdownTermOrder,
  countdownSftTarget,
  countdownSteps,
  inPromptOrder,
} from './countdown/sft-target.js';
export {
  countSolutions,
  isSolvable,
  MAX_COUNTDOWN_NUMBERS,
  type SolveOptions,
  solveCountdown,
} from './countdown/solver.js';
export {
  GSM8K_OFFICIAL_SHA256,
  GSM8K_OFFICIAL_SIZES,
  GSM8K_OFFICIAL_URLS,
  type Gsm8kParseOptions,
  type Gsm8kSplit,
  gsm8kGoldAnswer,
  gsm8kSftTarget,
  parseGsm8kJsonl,
  stripCalculatorAnnotations,
} from './gsm8k/dataset.js';
export { gsm8kMessages, gsm8kPrompt } from './gsm8k/prompt.js';
export { detectFormat, INPUT_FORMATS, type InputFormat } from './importers/format.js';
export { isLmEvalSample, LmEvalSamplesImporter } from './importers/lm-eval.js';
export { DatasetFormatError } from './jsonl.js';
export {
  compactCountdownPrompt,
  isTrainTemplate,
  promptFor,
  TRAIN_TEMPLATES,
  type TrainTemplate,
} from './model-prompt.js';
export * from './problem.js';
export { type CountdownTask, type Gsm8kTask, getTask, listTasks, type TaskDefinition } from './registry.js';
export {
  ALL_MODES,
  clipCompletion,
  type DisagreementExample,
  EXAMPLE_CHARS,
  EXAMPLES_PER_PAIR,
  type ModeDisagreement,
  type ModeJudgement,
  type ModeScores,
  ModeTally,
  type ModeTallyData,
  mergeModeTallies,
  modeList,
  modeScores,
  rankedDisagreements,
} from './scoring/modes.js';
export { PromptIndex } from './scoring/prompt-index.js';
export { checkGenerationRecord, type GenerationRecord, ScoringError, stableJson } from './scoring/records.js';
export {
  type RecordVerdict,
  reportFromSamples,
  type ScorableProblem,
  type ScoreGenerationsInput,
  type ScoreGenerationsResult,
  type ScoringContext,
  scoreGenerations,
  scoreRecord,
  scoringContext,
} from './scoring/score.js';
export {
  canonicalJson,
  canonicalProblemList,
  compareCodePoints,
  sha256Hex,
  type TasksetLabel,
  tasksetDigest,
  tasksetFromProblems,
} from './taskset/digest.js';
export { type ProblemsParseOptions, parseProblemsJsonl } from './taskset/problems-jsonl.js';
export { COUNTDOWN_EASY_SPEC, COUNTDOWN_TEST_SPEC } from './taskset/shipped/countdown-test-spec.js';
export {
  findShippedTaskset,
  isShippedTasksetName,
  loadShippedTaskset,
  SHIPPED_TASKSET_NAMES,
  type ShippedTaskset,
  type ShippedTasksetName,
  shippedTasksets,
  tasksetName,
} from './taskset/shipped.js';
