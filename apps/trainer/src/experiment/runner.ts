/**
 * `crossover experiment`: the SFT warm start, then every RL algorithm from it with the same prompts,
 * budget and seeds, then n samples per held-out problem from the SFT base and each final model, scored and
 * written up as a report directory. Each stage runs what `crossover train` runs, with typed options built
 * from the config (stages.ts); re-running the same experiment reuses finished stages and resumes an
 * interrupted RL run.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '@crossover/cli';
import type { TaskSetRef } from '@crossover/metrics';
import { isShippedTasksetName, loadShippedTaskset, type TaskProblem } from '@crossover/tasks';
import { readTasksetFile } from '@crossover/tasks/node';
import { resolveCheckpointDir } from '../train/checkpoint.js';
import { runTraining } from '../train/run-training.js';
import type { ExperimentConfig } from './config.js';
import { evaluateFinal, type FinalEval } from './final-eval.js';
import { type ExperimentReport, readStepSeries, writeReport } from './report.js';
import { experimentStages } from './stages.js';

export interface ExperimentRunOptions {
  outDir: string;
  log?: (message: string) => void;
}

export interface ExperimentResult {
  report: ExperimentReport;
  finals: FinalEval[];
}

export async function runExperiment(
  config: ExperimentConfig,
  options: ExperimentRunOptions,
): Promise<ExperimentResult> {
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const runs = join(options.outDir, 'runs');
  const { sftDir, sft, arms } = experimentStages(config, runs);
  // A missing base is refused before anything is written.
  if (sft === null && (await latestStep(sftDir)) === null)
    throw new UsageError(`experiment config: base ${sftDir} holds no checkpoint`);
  await mkdir(runs, { recursive: true });
  await writeFile(join(options.outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const started = performance.now();
  const timings: Record<string, number> = {};
  const timed = async (stage: string, work: () => Promise<void>) => {
    const t0 = performance.now();
    await work();
    timings[stage] = (performance.now() - t0) / 1000;
  };
  if (sft === null) {
    log(`== SFT base: the checkpoint ${sftDir}`);
  } else {
    await timed('sft', async () => {
      if ((await latestStep(sftDir)) !== null) return log(`== SFT: reusing ${sftDir}`);
      log('== SFT warm start');
      await runTraining(sft);
    });
  }

  for (const { seed, algorithm, name, runDir, steps, options: fresh, resume } of arms) {
    await timed(name, async () => {
      const done = await latestStep(runDir);
      if (done !== null && done >= steps) return log(`== ${name}: reusing ${runDir}`);
      if (done !== null) {
        log(`== ${name}: resuming at step ${done}`);
        return runTraining(resume);
      }
      log(`== ${name} (${algorithm.algo}, seed ${seed}) from the SFT checkpoint`);
      await runTraining(fresh);
    });
  }

  const { problems, taskset } = await heldOutProblems(config);
  const finals: FinalEval[] = [];
  for (const [name, dir] of [['sft', sftDir], ...arms.map((a) => [a.name, a.runDir])] as const) {
    await timed(`final-${name}`, async () => {
      log(`== final sampling: ${name}, ${problems.length} problems x ${config.final.n}`);
      finals.push(await evaluateFinal(name, dir, problems, taskset, config, options.outDir));
    });
  }
  const series = Object.fromEntries(
    await Promise.all(
      config.algorithms.map(async (a) => [a.name, await readStepSeries(join(runs, a.name))] as const),
    ),
  );
  const report = await writeReport(config, finals, series, {
    outDir: options.outDir,
    timings,
    elapsedSeconds: (performance.now() - started) / 1000,
  });
  log(`== report in ${options.outDir}/report.md`);
  return { report, finals };
}

/** The step of a run's newest checkpoint, or null when it has none. */
async function latestStep(runDir: string): Promise<number | null> {
  try {
    const dir = await resolveCheckpointDir(runDir);
    return (JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as { step: number }).step;
  } catch {
    return null;
  }
}

async function heldOutProblems(
  config: ExperimentConfig,
): Promise<{ problems: TaskProblem[]; taskset: TaskSetRef | null }> {
  const name = config.final.taskset ?? `${config.task}/test`;
  if (isShippedTasksetName(name)) {
    const shipped = loadShippedTaskset(name);
    return { problems: shipped.problems.slice(0, config.final.problems), taskset: shipped.taskset };
  }
  const file = await readTasksetFile(name);
  return { problems: file.problems.slice(0, config.final.problems), taskset: null };
}
