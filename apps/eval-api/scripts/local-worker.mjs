// Starts the eval-api Worker locally under wrangler dev (workerd) with a local D1/R2/queue kept in
// `persistDir`, after applying the D1 migrations there. Used by the demo, the end-to-end and browser tests and
// the benchmarks, so that they all run the very same Worker the same way.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const wranglerBin = join(appDir, '..', '..', 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const quietEnv = { WRANGLER_SEND_METRICS: 'false', WRANGLER_LOG: 'warn', CI: process.env.CI ?? 'true' };

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

/** Runs a wrangler command to completion in the eval-api folder; throws with its output on failure. */
export function wrangler(args, env = {}) {
  const result = spawnSync(process.execPath, [wranglerBin, ...args], {
    cwd: appDir,
    encoding: 'utf8',
    env: { ...process.env, ...quietEnv, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `wrangler ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Applies every migration under migrations/ to the local D1 kept in `persistDir`. */
export function applyLocalMigrations(persistDir) {
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistDir]);
}

/**
 * Starts the Worker and resolves once it answers. Without `persistDir` the local state lives in a temporary
 * folder that `stop()` removes; `prepare(persistDir)` runs after the migrations, before the Worker starts (a
 * benchmark seeds D1 there). `stop()` ends wrangler and its workerd processes (they get their own process
 * group) and resolves when they are gone.
 * @param {{ persistDir?: string, adminSecret?: string, port?: number, vars?: Record<string, string>,
 *   inherit?: boolean, prepare?: (persistDir: string) => unknown }} options
 */
export async function startLocalWorker(options) {
  const temporary = options.persistDir === undefined;
  const persistDir = options.persistDir ?? mkdtempSync(join(tmpdir(), 'crossover-eval-api-'));
  applyLocalMigrations(persistDir);
  if (options.prepare) await options.prepare(persistDir);
  const port = options.port ?? (await freePort());
  const vars = {
    ...(options.adminSecret ? { ADMIN_SECRET: options.adminSecret } : {}),
    ...(options.vars ?? {}),
  };
  const args = [wranglerBin, 'dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persistDir];
  args.push('--test-scheduled', '--show-interactive-dev-session=false');
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  args.push('--log-level', 'warn');
  const child = spawn(process.execPath, args, {
    cwd: appDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...quietEnv },
  });
  let output = '';
  const collect = (data) => {
    output += data;
    if (output.length > 200_000) output = output.slice(-100_000);
    if (options.inherit) process.stderr.write(data);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    signalGroup(child.pid, 'SIGKILL'); // workerd children that outlived wrangler
    if (temporary) rmSync(persistDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/v1/tasks`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return { url, port, persistDir, child, stop, log: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`wrangler dev did not start on ${url}:\n${output}`);
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}
