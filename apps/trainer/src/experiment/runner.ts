/**
 * `crossover experiment`: the SFT warm start, then every RL algorithm from it with the same prompts,
 * budget and seeds, then n samples per held-out problem from the SFT base and each final model, scored and
 * written up as a report directory. Each stage runs the real `crossover train` command in this process;
 * re-running the same experiment reuses finished stages and resumes an interrupted RL run.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TaskSetRef } from '@crossover/metrics';
import { isShippedTasksetName, loadShippedTaskset, type TaskProblem } from '@crossover/tasks';
import { readTasksetFile } from '@crossover/tasks/node';
import { Command } from 'commander';
import { registerTrain } from '../commands/train.js';
import { resolveCheckpointDir } from '../train/checkpoint.js';
import { type ExperimentConfig, flagsToArgs, rlSeeds } from './config.js';
import { evaluateFinal, type FinalEval } from './final-eval.js';
import { type ExperimentReport, readStepSeries, writeReport } from './report.js';
import { seededName } from './seeds.js';

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
  await mkdir(runs, { recursive: true });
  await writeFile(join(options.outDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const started = performance.now();
  const timings: Record<string, number> = {};
  const timed = async (stage: string, work: () => Promise<void>) => {
    const t0 = performance.now();
    await work();
    timings[stage] = (performance.now() - t0) / 1000;
  };
  const common = (seed: number) => [
    '--task',
    config.task,
    '--seed',
    String(seed),
    '--backend',
    config.backend ?? 'auto',
  ];
  const seeds = rlSeeds(config);
  const firstSeed = seeds[0] as number;
  const arms = seeds.flatMap((seed) =>
    config.algorithms.map((algorithm) => ({
      seed,
      algorithm,
      name: seededName(algorithm.name, seed, firstSeed),
    })),
  );

  const sftDir = join(runs, 'sft');
  await timed('sft', async () => {
    if ((await latestStep(sftDir)) !== null) return log(`== SFT: reusing ${sftDir}`);
    log('== SFT warm start');
    await crossoverTrain([
      ...common(config.seed),
      '--algo',
      'sft',
      ...flagsToArgs(config.sft),
      '--run-dir',
      sftDir,
    ]);
  });

  const rlSteps = Number(config.rl.steps ?? 100);
  for (const { seed, algorithm, name } of arms) {
    const runDir = join(runs, name);
    await timed(name, async () => {
      const done = await latestStep(runDir);
      if (done !== null && done >= rlSteps) return log(`== ${name}: reusing ${runDir}`);
      if (done !== null) {
        log(`== ${name}: resuming at step ${done}`);
        return crossoverTrain(['--resume', runDir, '--backend', config.backend ?? 'auto']);
      }
      log(`== ${name} (${algorithm.algo}, seed ${seed}) from the SFT checkpoint`);
      await crossoverTrain([
        ...common(seed),
        '--algo',
        algorithm.algo,
        '--init',
        sftDir,
        ...flagsToArgs({ ...config.rl, ...algorithm.options }),
        '--run-dir',
        runDir,
      ]);
    });
  }

  const { problems, taskset } = await heldOutProblems(config);
  const finals: FinalEval[] = [];
  for (const [name, dir] of [['sft', sftDir], ...arms.map((a) => [a.name, join(runs, a.name)])] as const) {
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

/** Runs `crossover train <args>` in this process, exactly as the command line would. */
async function crossoverTrain(args: string[]): Promise<void> {
  const program = new Command('crossover').exitOverride();
  registerTrain(program);
  await program.parseAsync(['train', ...args], { from: 'user' });
}

/** The step of a run's newest checkpoint, or null when it has none. */
async function latestStep(runDir: string): Promise<number | null> {
  try {
    await readdir(join(runDir, 'checkpoints'));
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
