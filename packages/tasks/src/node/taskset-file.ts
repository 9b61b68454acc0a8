// Reading a user's taskset file (JSONL of problems) into problems and the TaskSet that names them.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { PromptTemplate, TaskProblem, TaskSet } from '../problem.js';
import { tasksetFromProblems } from '../taskset/digest.js';
import { parseProblemsJsonl } from '../taskset/problems-jsonl.js';

export interface ReadTasksetOptions {
  /** TaskSet split label. Default: the file name without its extension. */
  split?: string;
  /** TaskSet version label. Default `custom`. */
  version?: string;
  /** Template for prompts the file leaves out. Default `base`. */
  template?: PromptTemplate;
}

export async function readTasksetFile(
  path: string,
  options: ReadTasksetOptions = {},
): Promise<{ taskset: TaskSet; problems: TaskProblem[] }> {
  const text = await readFile(path, 'utf8');
  const problems = parseProblemsJsonl(text, { source: path, template: options.template });
  const split = options.split ?? basename(path, extname(path));
  const taskset = await tasksetFromProblems(problems, { split, version: options.version ?? 'custom' });
  return { taskset, problems };
}
