// Loading GSM8K from a path or a URL (cached on disk), checked against the official digests.
import { readFile } from 'node:fs/promises';
import { GSM8K_OFFICIAL_SHA256, GSM8K_OFFICIAL_URLS, parseGsm8kJsonl } from '../gsm8k/dataset.js';
import type { Gsm8kProblem, PromptTemplate, TaskSet } from '../problem.js';
import { sha256Hex, tasksetFromProblems } from '../taskset/digest.js';
import { DigestMismatchError, defaultCacheDir, fetchCached, urlTag } from './cache.js';

export interface LoadGsm8kOptions {
  /** Split name, used in ids (`gsm8k/<split>/<i>`); `train` and `test` have known official digests. */
  split: string;
  /** A local JSONL file. */
  path?: string;
  /** A URL to fetch (and cache). With neither path nor url, the official file of the split is fetched. */
  url?: string;
  /**
   * Expected SHA-256 of the file. Default: the official digest for `train`/`test`, none for other splits.
   * `null` skips the check (for a modified or re-encoded copy).
   */
  sha256?: string | null;
  /** Where fetched files are kept. Default defaultCacheDir(). */
  cacheDir?: string;
  template?: PromptTemplate;
  /** TaskSet version label. Default `v1`. */
  version?: string;
}

export interface LoadedGsm8k {
  problems: Gsm8kProblem[];
  taskset: TaskSet;
  /** SHA-256 of the file as read. */
  sha256: string;
  /** The path or URL read. */
  source: string;
  /** The file on disk that was parsed (the cache copy for a URL). */
  file: string;
}

function expectedDigest(options: LoadGsm8kOptions): string | undefined {
  if (options.sha256 === null) return undefined;
  if (options.sha256 !== undefined) return options.sha256;
  return Object.hasOwn(GSM8K_OFFICIAL_SHA256, options.split)
    ? GSM8K_OFFICIAL_SHA256[options.split as keyof typeof GSM8K_OFFICIAL_SHA256]
    : undefined;
}

async function readSource(options: LoadGsm8kOptions, expected: string | undefined) {
  if (options.path !== undefined) {
    const bytes = await readFile(options.path);
    return { bytes, source: options.path, file: options.path };
  }
  const url = options.url ?? GSM8K_OFFICIAL_URLS[options.split as keyof typeof GSM8K_OFFICIAL_URLS];
  if (url === undefined)
    throw new Error(`no path or url given, and no official file for split ${JSON.stringify(options.split)}`);
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const fetched = await fetchCached(
    url,
    cacheDir,
    `gsm8k/${options.split}-${await urlTag(url)}.jsonl`,
    expected,
  );
  return { bytes: fetched.bytes, source: url, file: fetched.path };
}

/** GSM8K problems from a file or URL, with the TaskSet they form. Errors name the line or the digest. */
export async function loadGsm8k(options: LoadGsm8kOptions): Promise<LoadedGsm8k> {
  const expected = expectedDigest(options);
  const { bytes, source, file } = await readSource(options, expected);
  const sha256 = await sha256Hex(bytes);
  if (expected !== undefined && sha256 !== expected) {
    throw new DigestMismatchError(
      source,
      expected,
      sha256,
      'pass sha256: null to load a modified copy anyway',
    );
  }
  const problems = parseGsm8kJsonl(bytes.toString('utf8'), {
    split: options.split,
    source,
    template: options.template,
  });
  const taskset = await tasksetFromProblems(problems, {
    split: options.split,
    version: options.version ?? 'v1',
  });
  return { problems, taskset, sha256, source, file };
}
