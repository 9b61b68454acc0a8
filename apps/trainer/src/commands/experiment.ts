/**
 * `crossover experiment --config FILE`: SFT warm start, then GRPO, filtered-ISFT and ISFT (or whatever the
 * config lists) from it with the same prompts, budget and seeds; n samples per held-out problem from every
 * final model and the base; a report directory with report.md, report.json and SVG plots. `--submit`
 * sends each model's generations to the eval-api as a leaderboard run.
 */
import type { Command } from 'commander';

interface ExperimentOptions {
  config: string;
  out?: string;
  seeds?: string;
  submit?: boolean;
  api?: string;
  key?: string;
}

export function registerExperiment(program: Command): void {
  program
    .command('experiment')
    .description(
      'SFT warm start, then GRPO / filtered-ISFT / ISFT on equal budgets; pass@k and length report',
    )
    .requiredOption(
      '--config <file>',
      'experiment config (JSON), e.g. apps/trainer/configs/countdown-cpu.json',
    )
    .option('--out <dir>', 'report directory (default experiments/<name>); re-running reuses finished stages')
    .option(
      '--seeds <list>',
      "RL seeds, comma-separated (e.g. 1,2,3): every arm runs once per seed from the one SFT base (overrides the config's seeds)",
    )
    .option('--submit', "send every final model's generations to the eval-api as leaderboard runs")
    .option('--api <url>', 'eval-api base URL for --submit (default $CROSSOVER_API_URL)')
    .option('--key <key>', 'API key for --submit (default $CROSSOVER_API_KEY)')
    .action(async (options: ExperimentOptions) => {
      // Loaded on use: tfjs and onnxruntime would slow down every other command's start.
      const { loadExperimentConfig, seedListProblem } = await import('../experiment/config.js');
      const { UsageError } = await import('@crossover/cli');
      const { runExperiment } = await import('../experiment/runner.js');
      const { submitModels } = await import('../experiment/submit-models.js');
      const loaded = await loadExperimentConfig(options.config);
      const seeds = options.seeds?.split(',').map((s) => (/^\d+$/.test(s.trim()) ? Number(s) : Number.NaN));
      const problem = seeds === undefined ? null : seedListProblem(seeds);
      if (problem) throw new UsageError(`--seeds ${problem}: ${JSON.stringify(options.seeds)}`);
      const config = seeds ? { ...loaded, seeds } : loaded;
      const outDir = options.out ?? `experiments/${config.name}`;
      const api = options.api ?? process.env.CROSSOVER_API_URL;
      if (options.submit && !api) throw new UsageError('--submit needs --api <url> or $CROSSOVER_API_URL');
      const { report } = await runExperiment(config, { outDir });
      if (options.submit && api) {
        for (const line of await submitModels(config, report, {
          api,
          ...(options.key ? { key: options.key } : {}),
        }))
          process.stdout.write(`${line}\n`);
      }
    });
}
