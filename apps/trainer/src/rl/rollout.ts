/**
 * One round's samples: G completions per prompt from the current policy through the ONNX sampler (the
 * same code path as `crossover sample`), each scored by the task's real verifier. The raw token ids are
 * kept, so the update trains on exactly the tokens that were sampled.
 */
import type { TaskProblem } from '@crossover/tasks';
import { promptFor, type TrainTemplate } from '@crossover/tasks';
import { verify } from '@crossover/verifiers';
import type { Gpt } from '../model/gpt.js';
import { buildOnnxModel, buildSidecar } from '../onnx/export.js';
import type { GeneratedRow } from '../sample/generate.js';
import { rowSeed } from '../sample/sample-problems.js';
import { generateInBatches, openSampler, type SamplerHost } from '../sample/sampler.js';
import type { Tokenizer } from '../tokenizer/bytes.js';
import type { EncodedExample } from '../train/data.js';
import { type RewardOptions, rewardOf } from './advantages.js';

export interface Rollout {
  problemId: string;
  /** BOS + prompt + completion (+ EOS when the model stopped by itself). */
  sequence: EncodedExample;
  /** Completion tokens without EOS. */
  completionTokens: number;
  truncated: boolean;
  correct: boolean;
  reward: number;
}

export interface RolloutOptions extends RewardOptions {
  groupSize: number;
  temperature: number;
  topP: number;
  maxTokens: number;
  /** Rows decoded together. */
  batchSize: number;
  seed: number;
  template: TrainTemplate;
}

/** Exports `model` to ONNX in memory and samples `groupSize` completions per problem, group after group. */
export async function sampleRollouts(
  model: Gpt,
  tokenizer: Tokenizer,
  problems: TaskProblem[],
  options: RolloutOptions,
  host?: SamplerHost,
): Promise<Rollout[]> {
  const jobs = problems.flatMap((problem, p) =>
    Array.from({ length: options.groupSize }, (_, s) => ({
      problem,
      prompt: [tokenizer.bos, ...tokenizer.encode(promptFor(problem, options.template))],
      seed: rowSeed(options.seed, p, s),
    })),
  );
  const bytes = buildOnnxModel(model);
  const sidecar = buildSidecar(model, tokenizer.toJSON(), {});
  const sampler = host ? await host.open(bytes, sidecar) : await openSampler(bytes, sidecar, { threads: 1 });
  let rows: GeneratedRow[];
  try {
    rows = await generateInBatches(sampler, jobs, options.batchSize, {
      temperature: options.temperature,
      topP: options.topP,
      maxTokens: options.maxTokens,
      eos: tokenizer.eos,
      pad: tokenizer.pad,
    });
  } finally {
    await sampler.release();
  }
  return rows.map((row, i) => {
    const job = jobs[i] as (typeof jobs)[number];
    const verdict = verify(job.problem.task, tokenizer.decode(row.tokens), job.problem.reference);
    return {
      problemId: job.problem.id,
      sequence: {
        ids: [...job.prompt, ...row.tokens, ...(row.truncated ? [] : [tokenizer.eos])],
        completionStart: job.prompt.length,
      },
      completionTokens: row.tokens.length,
      truncated: row.truncated,
      correct: verdict.correct,
      reward: rewardOf(verdict, options),
    };
  });
}
