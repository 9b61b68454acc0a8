// The one test command (README, .ci/run): install if needed, build every package, run every test suite,
// then print one closing line that counts the tests of all suites together.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureInstall } from './ensure-install.mjs';
import { ensurePythonRequests } from './ensure-python-requests.mjs';

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
  const counts = { passed: 0, failed: 0, skipped: 0, notRun: 0, unsuccessful: [] };
  if (!existsSync(resultsDir)) return counts;
  for (const file of readdirSync(resultsDir)) {
    if (!file.endsWith('.json')) continue;
    const report = JSON.parse(readFileSync(join(resultsDir, file), 'utf8'));
    const passed = report.numPassedTests ?? 0;
    const failed = report.numFailedTests ?? 0;
    const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    counts.passed += passed;
    counts.failed += failed;
    counts.skipped += skipped;
    // A test file whose worker died counts its tests in the total but neither as passed nor as failed.
    counts.notRun += Math.max(0, (report.numTotalTests ?? 0) - passed - failed - skipped);
    if (report.success === false) counts.unsuccessful.push(file.replace(/\.json$/, ''));
  }
  return counts;
}

ensureInstall();
ensureChromium();
ensurePythonRequests();
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const turbo = join(root, 'node_modules', '.bin', 'turbo');
let status = run(turbo, ['run', 'build', '--output-logs=errors-only']);
if (status === 0) status = run(turbo, ['run', 'check-types', 'test', '--concurrency=1', '--continue']);
if (status === 0) status = run(join(root, 'node_modules', '.bin', 'biome'), ['check', '.']);
const { passed, failed, skipped, notRun, unsuccessful } = countResults();
const notRunText = notRun ? `, ${notRun} not run (a test worker exited)` : '';
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${notRunText}`);
if (unsuccessful.length > 0) console.log(`unsuccessful: ${unsuccessful.join(', ')}`);
process.exit(status !== 0 ? status : failed > 0 || notRun > 0 ? 1 : 0);
