// One way to name a taskset on the command line: a shipped name, a JSONL file of problems, or a URL to one.
import { join } from 'node:path';
import type { TaskProblem, TaskSet } from '../problem.js';
import { tasksetFromProblems } from '../taskset/digest.js';
import { parseProblemsJsonl } from '../taskset/problems-jsonl.js';
import { isShippedTasksetName, loadShippedTaskset } from '../taskset/shipped.js';
import { defaultCacheDir, fetchCached, urlTag } from './cache.js';
import { readTasksetFile } from './taskset-file.js';

export interface LoadedTaskset {
  taskset: TaskSet;
  problems: TaskProblem[];
}

/** Loads `gsm8k/test`-style shipped names, `http(s)://` URLs (cached on disk) and local JSONL files. */
export async function loadTaskset(
  source: string,
  options: { cacheDir?: string } = {},
): Promise<LoadedTaskset> {
  if (isShippedTasksetName(source)) {
    const { taskset, problems } = loadShippedTaskset(source);
    return { taskset, problems };
  }
  if (/^https?:\/\//i.test(source)) {
    const cacheDir = options.cacheDir ?? defaultCacheDir();
    const fetched = await fetchCached(source, join(cacheDir, 'tasksets'), `${await urlTag(source)}.jsonl`);
    const problems = parseProblemsJsonl(fetched.bytes.toString('utf8'), { source });
    const split =
      source
        .replace(/[?#].*$/, '')
        .split('/')
        .pop()
        ?.replace(/\.jsonl?$/i, '') || 'custom';
    return { taskset: await tasksetFromProblems(problems, { split, version: 'custom' }), problems };
  }
  return readTasksetFile(source);
}
