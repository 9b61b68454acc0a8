// The Python end-to-end test (test/e2e/uploads.test.ts) runs the README's `requests` snippet with python3.
// When python3 or its requests module is missing and this machine can install them (root with apt-get),
// install Debian's python3-requests; otherwise say so once: that test then skips, or fails under CI=true.
import { spawnSync } from 'node:child_process';

export function hasPythonRequests() {
  return spawnSync('python3', ['-c', 'import requests'], { stdio: 'ignore' }).status === 0;
}

export function ensurePythonRequests() {
  if (hasPythonRequests()) return true;
  const canInstall = process.getuid?.() === 0 && spawnSync('which', ['apt-get']).status === 0;
  if (!canInstall) {
    console.warn(
      '[crossover] python3 with requests not found and cannot be installed here: the Python e2e test will not run',
    );
    return false;
  }
  console.log('[crossover] installing Debian python3-requests for the Python e2e test');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install =
    update.status === 0 &&
    spawnSync('apt-get', ['install', '-y', '-qq', 'python3', 'python3-requests'], { stdio: 'inherit', env });
  if (install?.status !== 0) console.warn('[crossover] could not install python3-requests');
  return hasPythonRequests();
}
