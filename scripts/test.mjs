// The one test command (README, .ci/run): install if needed, build every package, run every test suite,
// then print one closing line that counts the tests of all suites together.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureInstall } from './ensure-install.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'test-results', 'vitest');

function run(cmd, args) {
  const env = {
    ...process.env,
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    CROSSOVER_TEST_RESULTS: resultsDir,
  };
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  return result.status ?? 1;
}

function countResults() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  if (!existsSync(resultsDir)) return { passed, failed, skipped };
  for (const file of readdirSync(resultsDir)) {
    if (!file.endsWith('.json')) continue;
    const report = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  return { passed, failed, skipped };
}

ensureInstall();
ensureChromium();
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const turbo = join(root, 'node_modules', '.bin', 'turbo');
let status = run(turbo, ['run', 'build', '--output-logs=errors-only']);
if (status === 0) status = run(turbo, ['run', 'check-types', 'test', '--concurrency=1', '--continue']);
if (status === 0) status = run(join(root, 'node_modules', '.bin', 'biome'), ['check', '.']);
const { passed, failed, skipped } = countResults();
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status !== 0 ? status : failed > 0 ? 1 : 0);
