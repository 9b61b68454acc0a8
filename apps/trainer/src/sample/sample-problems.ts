/**
 * Draws `n` samples for every problem and turns them into generation records exactly as docs/architecture.md
 * defines them, so `crossover score` and the eval-api read them unchanged.
 */
import type { Tokenizer } from '../tokenizer/bytes.js';
import type { GenerateOptions, GenerationRequest } from './generate.js';
import { generateInBatches, type Sampler } from './sampler.js';
import { cutAtStopStrings } from './stop-strings.js';

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
  /** A completion ends before the first of these it contains (lm-evaluation-harness's `until`). */
  stop?: readonly string[];
  onRecords?: (records: GenerationRecord[]) => void | Promise<void>;
}

export async function sampleProblems(
  sampler: Sampler,
  tokenizer: Tokenizer,
  problems: PromptedProblem[],
  options: SampleOptions,
): Promise<GenerationRecord[]> {
  const jobs = problems.flatMap((problem, p) =>
    Array.from({ length: options.n }, (_, sampleIndex) => ({ problem, p, sampleIndex })),
  );
  const requests: GenerationRequest[] = jobs.map((job) => ({
    prompt: [tokenizer.bos, ...tokenizer.encode(job.problem.prompt)],
    seed: rowSeed(options.seed, job.p, job.sampleIndex),
  }));
  const records: GenerationRecord[] = [];
  // Only plain values: a pool sends the options to its threads.
  const generateOptions: GenerateOptions = {
    temperature: options.temperature,
    topP: options.topP,
    maxTokens: options.maxTokens,
    eos: tokenizer.eos,
    pad: tokenizer.pad,
  };
  await generateInBatches(sampler, requests, options.batchSize, generateOptions, async (rows, first) => {
    const batchRecords = rows.map((row, i) => {
      const job = jobs[first + i] as (typeof jobs)[number];
      const cut = cutAtStopStrings(row.tokens, (t) => tokenizer.decode(t), options.stop ?? []);
      return {
        problem_id: job.problem.id,
        completion: cut.completion,
        num_tokens: cut.numTokens,
        sample_index: job.sampleIndex,
        truncated: row.truncated && !cut.stopped,
      };
    });
    for (const record of batchRecords) records.push(record);
    await options.onRecords?.(batchRecords);
  });
  return records;
}

/** One independent stream per (problem, sample): a simple integer hash of the three numbers. */
export function rowSeed(seed: number, problemIndex: number, sampleIndex: number): number {
  let h = Math.imul(seed ^ 0x27d4eb2d, 0x9e3779b1);
  h = Math.imul(h ^ problemIndex ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ sampleIndex ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
