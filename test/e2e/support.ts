// Shared pieces of the end-to-end tests: the local Worker (the same launcher as `npm start`), the crossover CLI,
// and an exact pass@k written independently of @crossover/metrics.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LocalWorker, startLocalWorker } from '../../apps/eval-api/scripts/local-worker.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cli = join(root, 'packages', 'cli', 'dist', 'cli.js');
export const ADMIN_SECRET = 'e2e-admin-secret-0123456789abcdef';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `crossover-${prefix}-`));
}

export async function startWorker(persistDir: string, vars?: Record<string, string>): Promise<LocalWorker> {
  return startLocalWorker({ persistDir, adminSecret: ADMIN_SECRET, vars });
}

export async function issueKey(worker: LocalWorker, name: string): Promise<string> {
  const response = await fetch(`${worker.url}/v1/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_SECRET}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201) throw new Error(`POST /v1/keys: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { key: string }).key;
}

/** Runs `crossover ...` and returns its stdout; throws with stderr on failure. */
export function crossover(args: string[], cwd = root): string {
  return execFileSync(process.execPath, [cli, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 0; i < k; i++) result = (result * BigInt(n - i)) / BigInt(i + 1);
  return result;
}

/** 1 - C(n-c, k) / C(n, k), exactly in BigInt, rounded once to a double. */
export function exactPassAtK(n: number, c: number, k: number): number {
  const total = binomial(n, k);
  const allWrong = binomial(n - c, k);
  const scale = 10n ** 30n;
  return Number(((total - allWrong) * scale) / total) / 1e30;
}

export async function waitFor<T>(
  check: () => Promise<T | null>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}
