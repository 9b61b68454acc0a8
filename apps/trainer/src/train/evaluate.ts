/**
 * Periodic evaluation during training: the current weights go through the real ONNX export into
 * onnxruntime (so evaluation exercises exactly what `sample` will run), draw samples for held-out
 * problems, and the task's verifier scores them.
 */
import type { TaskProblem } from '@crossover/tasks';
import { promptFor, type TrainTemplate } from '@crossover/tasks';
import { verify } from '@crossover/verifiers';
import type { Gpt } from '../model/gpt.js';
import { buildOnnxModel, buildSidecar } from '../onnx/export.js';
import { type GenerationRecord, sampleProblems } from '../sample/sample-problems.js';
import { openSampler, type SamplerOptions, samplerOptionsFor } from '../sample/sampler.js';
import type { Tokenizer } from '../tokenizer/bytes.js';

export interface EvalOptions {
  n: number;
  temperature: number;
  topP: number;
  maxTokens: number;
  seed: number;
  batchSize: number;
  template: TrainTemplate;
}

export interface EvalSummary {
  problems: number;
  samples_per_problem: number;
  correct: number;
  incorrect: number;
  pass_at_1: number;
  /** pass@k for k = n when n > 1 (unbiased estimator, Chen et al. 2021). */
  pass_at_n?: number;
  /** Mean verifier score (the RL reward). */
  reward: number;
  mean_tokens_correct: number | null;
  mean_tokens_incorrect: number | null;
  truncated: number;
}

export async function evaluateModel(
  model: Gpt,
  tokenizer: Tokenizer,
  problems: TaskProblem[],
  options: EvalOptions,
  sampling: SamplerOptions = samplerOptionsFor('cpu'),
): Promise<EvalSummary> {
  const sampler = await openSampler(
    buildOnnxModel(model),
    buildSidecar(model, tokenizer.toJSON(), {}),
    sampling,
  );
  try {
    const prompted = problems.map((problem) => ({
      id: problem.id,
      prompt: promptFor(problem, options.template),
    }));
    const records = await sampleProblems(sampler, tokenizer, prompted, options);
    return summarize(problems, records);
  } finally {
    await sampler.release();
  }
}

export function summarize(problems: TaskProblem[], records: GenerationRecord[]): EvalSummary {
  const byId = new Map(problems.map((problem) => [problem.id, problem]));
  const perProblem = new Map<string, { n: number; c: number }>();
  const lengths = { correct: [] as number[], incorrect: [] as number[] };
  let scoreSum = 0;
  let truncated = 0;
  for (const record of records) {
    const problem = byId.get(record.problem_id);
    if (!problem) throw new Error(`record for unknown problem ${record.problem_id}`);
    const verdict = verify(problem.task, record.completion, problem.reference);
    scoreSum += verdict.score;
    if (record.truncated) truncated++;
    (verdict.correct ? lengths.correct : lengths.incorrect).push(record.num_tokens);
    const tally = perProblem.get(problem.id) ?? { n: 0, c: 0 };
    tally.n++;
    if (verdict.correct) tally.c++;
    perProblem.set(problem.id, tally);
  }
  const tallies = [...perProblem.values()];
  const n = Math.min(...tallies.map((t) => t.n));
  const summary: EvalSummary = {
    problems: tallies.length,
    samples_per_problem: n,
    correct: lengths.correct.length,
    incorrect: lengths.incorrect.length,
    pass_at_1: mean(tallies.map((t) => t.c / t.n)) ?? 0,
    reward: records.length > 0 ? scoreSum / records.length : 0,
    mean_tokens_correct: mean(lengths.correct),
    mean_tokens_incorrect: mean(lengths.incorrect),
    truncated,
  };
  if (n > 1) summary.pass_at_n = mean(tallies.map((t) => passAtK(t.n, t.c, n))) ?? 0;
  return summary;
}

/** Unbiased pass@k from n samples with c correct: 1 - C(n-c, k) / C(n, k), as a stable product. */
export function passAtK(n: number, c: number, k: number): number {
  if (n - c < k) return 1;
  let missAll = 1;
  for (let i = n - c + 1; i <= n; i++) missAll *= 1 - k / i;
  return 1 - missAll;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}
