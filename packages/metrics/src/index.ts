export { aggregateSamples, mergeAggregates } from './aggregate/aggregate.js';
export type { LengthUnit, ProblemAggregate, ScoredSample } from './aggregate/types.js';
export { RUN_ON_REASON } from './aggregate/types.js';
export {
  type CompareOptions,
  type ComparePoint,
  type CrossoverResult,
  compareRuns,
  type RunComparison,
  type RunProblem,
} from './compare/compare-runs.js';
export { type CoverageTest, exactMcNemar } from './compare/coverage-test.js';
export {
  MAX_PLANNED_SAMPLES,
  type PlannedInterval,
  passAtKVariance,
  plannedStandardErrors,
  planSampleSize,
  type SampleSizePlan,
} from './compare/sample-size-plan.js';
export { type CrossoverPoint, crossoverK } from './crossover/crossover-k.js';
export { MetricsError } from './errors.js';
export { powersOfTwoGrid, quarterPowerGrid, summaryKs } from './k-grid/k-grid.js';
export { type LengthStats, lengthStats } from './lengths/length-stats.js';
export { type AnswerGroup, MajAtKCache, majAtK, majAtKFromGroups } from './maj-at-k/maj-at-k.js';
export {
  coverage,
  passAtK,
  passAtKCurve,
  passAtKSamplingVariance,
  passHatK,
  passHatKCurve,
} from './pass-at-k/pass-at-k.js';
export { curveOf, type DatasetCurve } from './report/curve.js';
export {
  DEGENERATE_WARN_SHARE,
  type DegenerateSampling,
  degenerateSampling,
} from './report/degenerate.js';
export { type PassAtKEstimates, passAtKEstimates } from './report/pass-at-k-estimates.js';
export { type BuildReportInput, buildReport, reportFromAggregates } from './report/report.js';
export type {
  PassAtKInterval,
  ProblemRow,
  Report,
  ReportOptions,
  TaskSetRef,
} from './report/types.js';
export {
  type BootstrapOptions,
  bootstrapIntervals,
  type Interval,
  percentileInterval,
  resampleColumnMeans,
} from './uncertainty/bootstrap.js';
export { mulberry32 } from './uncertainty/prng.js';
export { quantileSorted } from './uncertainty/quantile.js';
export { problemStandardError, samplingStandardError } from './uncertainty/standard-error.js';
