/**
 * One round's samples: G completions per prompt from the current policy through the ONNX sampler (the
 * same code path as `crossover sample`), each scored by the task's real verifier. The raw token ids are
 * kept, so the update trains on exactly the tokens that were sampled.
 */
import type { TaskProblem } from '@crossover/tasks';
import { verify } from '@crossover/verifiers';
import type { Gpt } from '../model/gpt.js';
import { buildOnnxModel, buildSidecar } from '../onnx/export.js';
import { OnnxGpt } from '../onnx/session.js';
import { generateBatch } from '../sample/generate.js';
import { rowSeed } from '../sample/sample-problems.js';
import type { Tokenizer } from '../tokenizer/bytes.js';
import type { EncodedExample } from '../train/data.js';
import { promptFor, type TrainTemplate } from '../train/prompts.js';
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
): Promise<Rollout[]> {
  const session = await OnnxGpt.fromBytes(
    buildOnnxModel(model),
    buildSidecar(model, tokenizer.toJSON(), {}),
    {
      threads: 1,
    },
  );
  try {
    const jobs = problems.flatMap((problem, p) =>
      Array.from({ length: options.groupSize }, (_, s) => ({
        problem,
        prompt: [tokenizer.bos, ...tokenizer.encode(promptFor(problem, options.template))],
        seed: rowSeed(options.seed, p, s),
      })),
    );
    const rollouts: Rollout[] = [];
    for (let start = 0; start < jobs.length; start += options.batchSize) {
      const slice = jobs.slice(start, start + options.batchSize);
      const rows = await generateBatch(session, slice, {
        temperature: options.temperature,
        topP: options.topP,
        maxTokens: options.maxTokens,
        eos: tokenizer.eos,
        pad: tokenizer.pad,
      });
      rows.forEach((row, i) => {
        const job = slice[i] as (typeof slice)[number];
        const verdict = verify(job.problem.task, tokenizer.decode(row.tokens), job.problem.reference);
        rollouts.push({
          problemId: job.problem.id,
          sequence: {
            ids: [...job.prompt, ...row.tokens, ...(row.truncated ? [] : [tokenizer.eos])],
            completionStart: job.prompt.length,
          },
          completionTokens: row.tokens.length,
          truncated: row.truncated,
          correct: verdict.correct,
          reward: rewardOf(verdict, options),
        });
      });
    }
    return rollouts;
  } finally {
    await session.release();
  }
}
