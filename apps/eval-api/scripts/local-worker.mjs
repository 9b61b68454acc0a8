// Starts the eval-api Worker locally with a local D1/R2/queue kept in `persistDir`, after applying the D1
// migrations there. Used by the demo, the end-to-end and browser tests and the benchmarks, so that they all run
// the very same Worker the same way. Two runtimes:
// - 'wrangler' (default): `wrangler dev`, as `npm run dev` serves it. wrangler puts a ProxyWorker (a Durable
//   Object in a second Miniflare/workerd instance, there for live reload) in front of the Worker: every
//   request takes an extra HTTP hop through one single-threaded object, and HTML bodies an HTMLRewriter pass.
// - 'miniflare': the Worker bundled as `wrangler deploy` bundles it, run by one Miniflare/workerd instance with
//   the bindings wrangler derives from wrangler.jsonc and the same local state, behind Miniflare's own entry
//   Worker (a second isolate in the same workerd that rebuilds each request with a `cf` object, routes it over
//   a service binding and post-processes the response: pretty error pages, encodings, live reload).
// - 'workerd': the same Miniflare/workerd instance, but the port is a workerd socket bound straight to the
//   Worker (Miniflare's `unsafeDirectSockets`), as Cloudflare's front line hands a request to the Worker: how
//   production serves it, and what the load benchmark measures our code against. Requests carry no `cf`
//   object and no CF-Connecting-IP (the rate limiters then key every client as one).
// Run as `node local-worker.mjs serve '<json>'` it is the process that holds that Miniflare instance.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const wranglerBin = join(appDir, '..', '..', 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const wranglerConfig = join(appDir, 'wrangler.jsonc');
export const RUNTIMES = ['wrangler', 'miniflare', 'workerd'];
const workerName = 'crossover-eval-api';
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
 * benchmark seeds D1 there). `runtime` is 'wrangler' (wrangler dev, the default), 'miniflare' (the bundled
 * Worker in one workerd behind Miniflare's entry Worker) or 'workerd' (the same, the port bound straight to the
 * Worker). `stop()` ends the server and its workerd processes (they get their own
 * process group) and resolves when they are gone.
 * @param {{ persistDir?: string, adminSecret?: string, port?: number, vars?: Record<string, string>,
 *   inherit?: boolean, prepare?: (persistDir: string) => unknown,
 *   runtime?: 'wrangler' | 'miniflare' | 'workerd' }} options
 */
export async function startLocalWorker(options) {
  // A persist path that is not a real folder name (an `undefined` that went through String()) would leave
  // the local D1 in a folder called "undefined" inside the repository.
  if (
    options.persistDir !== undefined &&
    (typeof options.persistDir !== 'string' || options.persistDir === '')
  )
    throw new TypeError(`persistDir must be a folder path, got ${JSON.stringify(options.persistDir)}`);
  const temporary = options.persistDir === undefined;
  const persistDir = options.persistDir ?? mkdtempSync(join(tmpdir(), 'crossover-eval-api-'));
  applyLocalMigrations(persistDir);
  if (options.prepare) await options.prepare(persistDir);
  const port = options.port ?? (await freePort());
  const vars = {
    ...(options.adminSecret ? { ADMIN_SECRET: options.adminSecret } : {}),
    ...(options.vars ?? {}),
  };
  const runtime = options.runtime ?? 'wrangler';
  if (!RUNTIMES.includes(runtime))
    throw new Error(`unknown runtime ${runtime}: one of ${RUNTIMES.join(', ')}`);
  const bundleDir = runtime === 'wrangler' ? null : bundleWorker();
  const serve = { bundleDir, persistDir, port, vars, direct: runtime === 'workerd' };
  const args =
    bundleDir === null
      ? wranglerDevArgs(persistDir, port, vars)
      : [fileURLToPath(import.meta.url), 'serve', JSON.stringify(serve)];
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
    signalGroup(child.pid, 'SIGKILL'); // workerd children that outlived their parent
    if (temporary) rmSync(persistDir, { recursive: true, force: true });
    if (bundleDir !== null) rmSync(bundleDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${url}/v1/tasks`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return { url, port, persistDir, runtime, child, stop, log: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the Worker (${runtime}) did not start on ${url}:\n${output}`);
}

function wranglerDevArgs(persistDir, port, vars) {
  const args = [wranglerBin, 'dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persistDir];
  args.push('--test-scheduled', '--show-interactive-dev-session=false');
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  args.push('--log-level', 'warn');
  return args;
}

/** Bundles the Worker exactly as `wrangler deploy` would upload it (offline); returns the folder of index.js. */
function bundleWorker() {
  const outdir = mkdtempSync(join(tmpdir(), 'crossover-eval-api-bundle-'));
  wrangler(['deploy', '--dry-run', '--outdir', outdir]);
  return outdir;
}

/**
 * The process of the 'miniflare' and 'workerd' runtimes: one Miniflare instance (one workerd) running the
 * bundle with the bindings wrangler derives from wrangler.jsonc (the ones wrangler dev gives the Worker) and
 * the local state wrangler keeps under `--persist-to` (its `v3` folder), serving `port` until SIGTERM: through
 * Miniflare's entry Worker, or with `direct` by a socket bound to the Worker (the entry then gets a free port).
 */
async function serveWorkerd({ bundleDir, persistDir, port, vars, direct }) {
  if (typeof persistDir !== 'string' || persistDir === '')
    throw new TypeError('serve: persistDir is missing');
  const [{ Miniflare }, { unstable_getMiniflareWorkerOptions }] = await Promise.all([
    import('miniflare'),
    import('wrangler'),
  ]);
  const { workerOptions } = unstable_getMiniflareWorkerOptions(wranglerConfig);
  const miniflare = new Miniflare({
    host: '127.0.0.1',
    port: direct ? 0 : port,
    defaultPersistRoot: join(persistDir, 'v3'),
    workers: [
      {
        ...workerOptions,
        name: workerName,
        modulesRoot: bundleDir,
        modules: [{ type: 'ESModule', path: join(bundleDir, 'index.js') }],
        bindings: { ...workerOptions.bindings, ...vars },
        ...(direct ? { unsafeDirectSockets: [{ host: '127.0.0.1', port }] } : {}),
      },
    ],
  });
  await miniflare.ready;
  const close = () => miniflare.dispose().finally(() => process.exit(0));
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

if (
  process.argv[2] === 'serve' &&
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  await serveWorkerd(JSON.parse(process.argv[3] ?? '{}'));
}
