/** `experiment --submit`: one leaderboard run per final model, through `crossover submit`'s client. */
import { CLI_VERSION, submit } from '@crossover/cli';
import type { ExperimentConfig } from './config.js';
import type { ExperimentReport } from './report.js';

export async function submitModels(
  config: ExperimentConfig,
  report: ExperimentReport,
  target: { api: string; key?: string },
): Promise<string[]> {
  const lines: string[] = [];
  for (const model of report.models) {
    const isBase = model.name === 'sft';
    const algo = config.algorithms.find((a) => a.name === model.name)?.algo;
    const url = await submit(model.generations, {
      api: target.api,
      ...(target.key ? { key: target.key } : {}),
      model: `${config.name}-${model.name}`,
      ...(isBase ? {} : { baseModel: `${config.name}-sft` }),
      method: isBase ? 'sft' : (algo ?? 'other'),
      step: String(model.step),
      task: config.task,
      taskset: config.final.taskset ?? `${config.task}/test`,
      temperature: String(config.final.temperature),
      topP: String(config.final.topP ?? 1),
      maxTokens: String(config.final.maxTokens),
      seed: String(config.seed),
      notes: `crossover experiment ${config.name}`,
      generator: `crossover-sample@${CLI_VERSION}`,
      inlineLimit: '1000000',
      retries: '6',
    });
    lines.push(`${model.name}: ${url}`);
  }
  return lines;
}
