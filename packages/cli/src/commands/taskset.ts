import {
  isShippedTasksetName,
  loadShippedTaskset,
  PROMPT_TEMPLATES,
  type PromptTemplate,
  SHIPPED_TASKSET_NAMES,
  type TaskSet,
} from '@crossover/tasks';
import type { Command } from 'commander';
import { LineWriter } from '../io/lines.js';
import { UsageError } from '../run-cli.js';

export interface TasksetCommandOptions {
  template?: string;
  out?: string;
}

export function registerTaskset(program: Command): void {
  program
    .command('taskset')
    .description(
      'write a shipped taskset as JSONL, one problem a line with its prompt: what to ask your model, ' +
        'and a file that score --taskset reads back to the same digest',
    )
    .argument('<name>', `a shipped taskset: ${SHIPPED_TASKSET_NAMES.join(', ')}`)
    .option('--template <name>', `prompt template: ${PROMPT_TEMPLATES.join(' | ')}`, 'base')
    .option('--out <file>', 'output JSONL file (default: stdout)')
    .action(async (name: string, options: TasksetCommandOptions) => {
      const { taskset, problems } = await runTaskset(name, options);
      process.stderr.write(`crossover taskset: ${problems} problems, digest ${taskset.digest}\n`);
    });
}

/** Writes every problem of a shipped taskset, in its order; options are checked before anything is written. */
export async function runTaskset(
  name: string,
  options: TasksetCommandOptions,
): Promise<{ taskset: TaskSet; problems: number }> {
  if (!isShippedTasksetName(name))
    throw new UsageError(
      `unknown taskset ${JSON.stringify(name)}; expected one of ${SHIPPED_TASKSET_NAMES.join(', ')}`,
    );
  const template = options.template ?? 'base';
  if (!(PROMPT_TEMPLATES as readonly string[]).includes(template))
    throw new UsageError(`--template must be one of ${PROMPT_TEMPLATES.join(', ')}, got ${template}`);
  const { taskset, problems } = loadShippedTaskset(name, { template: template as PromptTemplate });
  const writer = new LineWriter(options.out);
  try {
    for (const problem of problems) await writer.write(JSON.stringify(problem));
  } finally {
    await writer.close();
  }
  return { taskset, problems: problems.length };
}
