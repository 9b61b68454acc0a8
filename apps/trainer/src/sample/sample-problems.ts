/**
 * Draws `n` samples for every problem and turns them into generation records exactly as docs/architecture.md
 * defines them, so `crossover score` and the eval-api read them unchanged.
 */
import type { OnnxGpt } from '../onnx/session.js';
import type { Tokenizer } from '../tokenizer/bytes.js';
import { type GenerateOptions, type GenerationRequest, generateBatch } from './generate.js';

export interface PromptedProblem {
  id: string;
  prompt: string;
}

export interface GenerationRecord {
  problem_id: string;
  completion: string;
  num_tokens: number;
  sample_index: number;
  truncated: boolean;
}

export interface SampleOptions extends Omit<GenerateOptions, 'eos' | 'pad'> {
  n: number;
  seed: number;
  /** Rows decoded together; a batch mixes problems so that short ones fill it. */
  batchSize: number;
  onRecords?: (records: GenerationRecord[]) => void | Promise<void>;
}

export async function sampleProblems(
  model: OnnxGpt,
  tokenizer: Tokenizer,
  problems: PromptedProblem[],
  options: SampleOptions,
): Promise<GenerationRecord[]> {
  const jobs = problems.flatMap((problem, p) =>
    Array.from({ length: options.n }, (_, sampleIndex) => ({ problem, p, sampleIndex })),
  );
  const records: GenerationRecord[] = [];
  for (let start = 0; start < jobs.length; start += options.batchSize) {
    const slice = jobs.slice(start, start + options.batchSize);
    const requests: GenerationRequest[] = slice.map((job) => ({
      prompt: [tokenizer.bos, ...tokenizer.encode(job.problem.prompt)],
      seed: rowSeed(options.seed, job.p, job.sampleIndex),
    }));
    const rows = await generateBatch(model, requests, { ...options, eos: tokenizer.eos, pad: tokenizer.pad });
    const batchRecords = rows.map((row, i) => {
      const job = slice[i] as (typeof slice)[number];
      return {
        problem_id: job.problem.id,
        completion: tokenizer.decode(row.tokens),
        num_tokens: row.tokens.length,
        sample_index: job.sampleIndex,
        truncated: row.truncated,
      };
    });
    records.push(...batchRecords);
    await options.onRecords?.(batchRecords);
  }
  return records;
}

/** One independent stream per (problem, sample): a simple integer hash of the three numbers. */
export function rowSeed(seed: number, problemIndex: number, sampleIndex: number): number {
  let h = Math.imul(seed ^ 0x27d4eb2d, 0x9e3779b1);
  h = Math.imul(h ^ problemIndex ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ sampleIndex ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
