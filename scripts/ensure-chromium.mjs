// The browser tests drive Debian's Chromium through playwright-core (no browser download). When it is
// missing and this machine can install it (root with apt-get), install it; otherwise say so once: the
// browser suite then skips, or fails under CI=true.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CROSSOVER_CHROMIUM ?? '/usr/bin/chromium';

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  const canInstall = process.getuid?.() === 0 && spawnSync('which', ['apt-get']).status === 0;
  if (!canInstall) {
    console.warn(
      `[crossover] ${CHROMIUM} not found and cannot be installed here: browser tests will not run`,
    );
    return false;
  }
  console.log('[crossover] installing Debian chromium for the browser tests');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install =
    update.status === 0 &&
    spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
  if (install?.status !== 0) console.warn('[crossover] could not install chromium');
  return existsSync(CHROMIUM);
}
