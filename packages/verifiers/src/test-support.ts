// Test-only helpers: locate ../shared (the project's shared data beside the checkout) and read its files.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The shared data folder: $CROSSOVER_SHARED_DIR, else ../shared beside the repository. */
export function sharedDir(): string {
  const dir = process.env.CROSSOVER_SHARED_DIR ?? join(repoRoot, '..', 'shared');
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

export function verifierCases(): VerifierCase[] {
  return readSharedJsonl<VerifierCase>('data/verifier-cases/cases.jsonl');
}
