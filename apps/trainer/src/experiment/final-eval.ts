/**
 * The final comparison of one model: export its checkpoint to ONNX, draw n samples per held-out problem
 * with `crossover sample`'s code, and score them with `crossover score`'s code (the task's verifier, the
 * metrics package's pass@k), so the numbers are those the eval-api would report for the same file.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report, TaskSetRef } from '@crossover/metrics';
import { promptFor, scoreGenerations, type TaskProblem } from '@crossover/tasks';
import { verify } from '@crossover/verifiers';
import { exportOnnx } from '../onnx/export.js';
import { sampleProblems } from '../sample/sample-problems.js';
import { loadSampler, samplerOptionsFor } from '../sample/sampler.js';
import { tokenizerFromSpec } from '../tokenizer/spec.js';
import { loadCheckpoint, resolveCheckpointDir } from '../train/checkpoint.js';
import type { ExperimentConfig } from './config.js';

export interface FinalEval {
  name: string;
  checkpoint: string;
  step: number;
  onnx: string;
  generations: string;
  report: Report;
  /** pass@k for k = 1..n (index k - 1). */
  curve: number[];
  truncated: number;
  /** Per-sample lengths (num_tokens) of the correct and the incorrect answers. */
  lengths: { correct: number[]; incorrect: number[] };
}

export async function evaluateFinal(
  name: string,
  runDir: string,
  problems: TaskProblem[],
  taskset: TaskSetRef | null,
  config: ExperimentConfig,
  outDir: string,
): Promise<FinalEval> {
  const checkpoint = await resolveCheckpointDir(runDir);
  const { model, config: saved, state } = await loadCheckpoint(checkpoint);
  const { train } = saved;
  const { template } = train;
  await mkdir(join(outDir, 'models'), { recursive: true });
  const { onnxPath } = await exportOnnx(model, saved.tokenizer, join(outDir, 'models', `${name}.onnx`), {
    checkpoint,
    step: state.step,
    algo: train.algo,
    task: train.task,
    template,
    seed: train.seed,
  });
  const sampler = await loadSampler(onnxPath, samplerOptionsFor(config.final.device ?? 'cpu'));
  const tokenizer = tokenizerFromSpec(saved.tokenizer);
  const { final } = config;
  let records: Awaited<ReturnType<typeof sampleProblems>>;
  try {
    records = await sampleProblems(
      sampler,
      tokenizer,
      problems.map((p) => ({ id: p.id, prompt: promptFor(p, template) })),
      {
        n: final.n,
        temperature: final.temperature,
        topP: final.topP ?? 1,
        maxTokens: final.maxTokens,
        // The same sampling seed for every model: differences come from the weights alone.
        seed: config.seed,
        batchSize: final.batchSize ?? 64,
      },
    );
  } finally {
    await sampler.release();
  }
  await mkdir(join(outDir, 'generations'), { recursive: true });
  const generations = join(outDir, 'generations', `${name}.jsonl`);
  await writeFile(generations, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  const ks = Array.from({ length: final.n }, (_, i) => i + 1);
  const byId = new Map(problems.map((p) => [p.id, p]));
  const { report } = scoreGenerations({
    task: config.task,
    taskset,
    problems: byId,
    records,
    k: ks,
    detail: true,
  });
  const lengths = { correct: [] as number[], incorrect: [] as number[] };
  for (const record of records) {
    const problem = byId.get(record.problem_id) as TaskProblem;
    const { correct } = verify(config.task, record.completion, problem.reference);
    (correct ? lengths.correct : lengths.incorrect).push(record.num_tokens);
  }
  return {
    name,
    checkpoint,
    step: state.step,
    onnx: onnxPath,
    generations,
    report,
    curve: ks.map((k) => report.pass_at_k[String(k)] ?? 0),
    truncated: records.filter((r) => r.truncated).length / records.length,
    lengths,
  };
}
