// D1 keeps reports, sampling settings, provenance, problem rows, pass counts and histograms as JSON text that only this API writes; this
// module is the one place they are read back into typed values.
import type { Aggregates } from './chunk-scoring.js';
import type { LengthHistogram } from './length-histogram.js';
import type { PassCounts } from './pass-counts.js';
import type { ProblemRow, Provenance, Sampling } from './runs.js';
import type { Report } from './scoring-packages.js';

export const decodeReport = (text: string): Report => JSON.parse(text) as Report;
export const decodeSampling = (text: string): Sampling => JSON.parse(text) as Sampling;
export const decodeProvenance = (text: string | null | undefined): Provenance | null =>
  text === null || text === undefined ? null : (JSON.parse(text) as Provenance);
export const decodeProblemRow = (text: string): ProblemRow => JSON.parse(text) as ProblemRow;
export const decodePassCounts = (text: string): PassCounts => JSON.parse(text) as PassCounts;
export const decodeLengthHistogram = (text: string): LengthHistogram => JSON.parse(text) as LengthHistogram;
export const decodeAggregates = (text: string): Aggregates => JSON.parse(text) as Aggregates;
