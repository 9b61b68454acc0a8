// Fetching a URL once and keeping it on disk, checked against a digest when one is expected.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { sha256Hex } from '../taskset/digest.js';

/** $CROSSOVER_CACHE_DIR, else $XDG_CACHE_HOME/crossover, else ~/.cache/crossover. */
export function defaultCacheDir(): string {
  const env = process.env;
  if (env.CROSSOVER_CACHE_DIR) return env.CROSSOVER_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'crossover');
}

export class DigestMismatchError extends Error {
  override name = 'DigestMismatchError';
  constructor(
    readonly source: string,
    readonly expected: string,
    readonly actual: string,
    hint: string,
  ) {
    super(`${source}: SHA-256 is ${actual}, expected ${expected}${hint ? `; ${hint}` : ''}`);
  }
}

async function readIfPresent(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function download(url: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`GET ${url} failed: ${(error as Error).message}`);
  }
  if (!response.ok) throw new Error(`GET ${url} failed: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

export interface CachedFetch {
  bytes: Buffer;
  /** The file the bytes are kept in. */
  path: string;
  fromCache: boolean;
}

/**
 * The bytes at `url`, from `<cacheDir>/<name>` when that copy exists and matches `expectedSha256` (when
 * given), else downloaded, checked and stored (written to a temporary file and renamed, so a crash never
 * leaves a half file behind).
 */
export async function fetchCached(
  url: string,
  cacheDir: string,
  name: string,
  expectedSha256?: string,
): Promise<CachedFetch> {
  const path = join(cacheDir, name);
  const cached = await readIfPresent(path);
  if (cached && (expectedSha256 === undefined || (await sha256Hex(cached)) === expectedSha256)) {
    return { bytes: cached, path, fromCache: true };
  }
  const bytes = await download(url);
  if (expectedSha256 !== undefined) {
    const actual = await sha256Hex(bytes);
    if (actual !== expectedSha256) throw new DigestMismatchError(url, expectedSha256, actual, 'not cached');
  }
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
  return { bytes, path, fromCache: false };
}

/** A short stable file-name part for a URL. */
export async function urlTag(url: string): Promise<string> {
  return (await sha256Hex(url)).slice(0, 16);
}
