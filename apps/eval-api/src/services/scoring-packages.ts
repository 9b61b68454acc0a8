// The one place the API imports the scoring packages: the same verify, score and metrics code as the CLI's
// `crossover score` (scoreGenerations for whole requests, scoreRecord + aggregates for queue chunks).
export {
  aggregateSamples,
  compareRuns,
  crossoverK,
  DEGENERATE_WARN_SHARE,
  type DegenerateSampling,
  MetricsError,
  mergeAggregates,
  type ProblemAggregate,
  passAtK,
  problemStandardError,
  type Report,
  reportFromAggregates,
  type ScoredSample,
} from '@crossover/metrics';
export {
  detectFormat,
  type GenerationRecord,
  INPUT_FORMATS,
  LmEvalSamplesImporter,
  loadShippedTaskset,
  type Problem,
  type ScoringContext,
  ScoringError,
  scoreGenerations,
  scoreRecord,
  scoringContext,
  shippedTasksets,
  type TaskSet,
} from '@crossover/tasks';
export {
  defaultMode,
  isTask,
  modesFor,
  resolveMode,
  TASKS,
  type Task,
  VerifierOptionError,
} from '@crossover/verifiers';
