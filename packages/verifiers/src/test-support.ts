// Test-only helpers: locate ../shared (the project's shared data beside the checkout) and read its files.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function sharedDirCandidate(): string {
  return process.env.CROSSOVER_SHARED_DIR ?? join(repoRoot, '..', 'shared');
}

/**
 * Whether ../shared (the project's data beside the checkout) is there. A clone without it skips the tests that
 * read it, saying so; in CI, or with CROSSOVER_REQUIRE_SHARED=1, its absence is an error, never a silent skip.
 */
export function hasSharedData(): boolean {
  if (existsSync(join(sharedDirCandidate(), 'data'))) return true;
  const message = `shared data folder not found at ${sharedDirCandidate()}; set CROSSOVER_SHARED_DIR`;
  if (process.env.CI === 'true' || process.env.CROSSOVER_REQUIRE_SHARED === '1') throw new Error(message);
  console.warn(`${message} (skipping the tests that read it)`);
  return false;
}

/** The shared data folder: $CROSSOVER_SHARED_DIR, else ../shared beside the repository. */
export function sharedDir(): string {
  const dir = sharedDirCandidate();
  if (!existsSync(dir)) throw new Error(`shared data folder not found at ${dir}; set CROSSOVER_SHARED_DIR`);
  return dir;
}

export function readSharedJsonl<T>(relativePath: string): T[] {
  const text = readFileSync(join(sharedDir(), relativePath), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

export interface VerifierCase {
  id: string;
  task: 'gsm8k' | 'countdown';
  generation: string;
  gold: string | { target: number; numbers: number[] };
  prompt_template?: 'base' | 'qwen-instruct' | 'none';
  expected: Record<string, number | 'timeout'>;
  extracted?: Record<string, unknown>;
  note?: string;
}

/** The shared verifier cases, or none when ../shared is absent (see hasSharedData). */
export function verifierCases(): VerifierCase[] {
  if (!hasSharedData()) return [];
  return readSharedJsonl<VerifierCase>('data/verifier-cases/cases.jsonl');
}
