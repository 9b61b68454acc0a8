// Installs the workspace's dependencies when they are missing or older than the lockfile, so that
// `npm test` and `npm start` work on a fresh clone with nothing but Node 20 and npm.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function installIsCurrent() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (!existsSync(marker)) return false;
  if (!existsSync(lock)) return true;
  return statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
}

export function ensureInstall() {
  if (installIsCurrent()) return;
  // A fresh clone installs exactly the lockfile (`npm ci`); a checkout whose lockfile moved on updates the
  // installed tree to it.
  const fresh = !existsSync(join(root, 'node_modules'));
  const args = [fresh ? 'ci' : 'install', '--no-audit', '--no-fund'];
  console.log(`[crossover] installing dependencies: npm ${args.join(' ')}`);
  // onnxruntime-node's install script would otherwise try to fetch CUDA binaries; its CPU ones ship inside.
  const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' };
  const result = spawnSync('npm', args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`[crossover] npm ${args[0]} failed`);
    process.exit(result.status ?? 1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureInstall();
