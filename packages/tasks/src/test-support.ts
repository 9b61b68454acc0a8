// Test-only helpers: locate ../shared (the project's shared data beside the checkout) and this package's
// own fixtures.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageDir, '../..');

/** The shared data folder ($CROSSOVER_SHARED_DIR, else ../shared beside the repository), or null. */
export function sharedDir(): string | null {
  const dir = process.env.CROSSOVER_SHARED_DIR ?? join(repoRoot, '..', 'shared');
  return existsSync(join(dir, 'data', 'gsm8k')) ? dir : null;
}

/** Why shared-data tests are skipped, printed once so a skip is never silent. */
export function sharedDataNote(): boolean {
  const available = sharedDir() !== null;
  if (available) return true;
  const message = 'shared data folder not found: set CROSSOVER_SHARED_DIR to run the GSM8K data tests';
  // In CI the data must be there: a missing folder fails instead of quietly skipping.
  if (process.env.CI === 'true' || process.env.CROSSOVER_REQUIRE_SHARED === '1') throw new Error(message);
  console.warn(message);
  return false;
}

export function sharedPath(relativePath: string): string {
  const dir = sharedDir();
  if (dir === null) throw new Error('shared data folder not found; set CROSSOVER_SHARED_DIR');
  return join(dir, relativePath);
}

export function fixturePath(name: string): string {
  return join(packageDir, 'test', 'fixtures', name);
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}
