// The floor of the leaderboard load benchmark: a Worker with no code of ours (no Hono, no D1, no cache) that
// answers every request with the same constant bytes, served by one workerd exactly as the 'workerd' runtime
// of apps/eval-api/scripts/local-worker.mjs serves the eval-api (a socket bound straight to the Worker). What
// it measures is the runtime, the loopback and the load generator on this machine: no Worker can do better.
// Run as `node floor-worker.mjs serve '<json>'` it is the process that holds that workerd (own process group,
// so that the benchmark can read its CPU time).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';

/** Starts the floor Worker on `port`, answering `body` as `contentType`; resolves once it answers. */
export async function startFloorWorker({ port, body, contentType }) {
  const config = JSON.stringify({ port, body, contentType });
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, 'serve', config], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (data) => (output += data));
  child.stderr.on('data', (data) => (output += data));
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.ok && (await response.text()) === body) return { url, child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`the floor Worker did not start on ${url}:\n${output}`);
}

async function serveFloor({ port, body, contentType }) {
  const { Miniflare } = await import('miniflare');
  const miniflare = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    modules: true,
    script: `const body = ${JSON.stringify(body)};
export default { fetch: () => new Response(body, { headers: { 'content-type': ${JSON.stringify(contentType)} } }) };`,
    unsafeDirectSockets: [{ host: '127.0.0.1', port }],
  });
  await miniflare.ready;
  const close = () => miniflare.dispose().finally(() => process.exit(0));
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}

if (
  process.argv[2] === 'serve' &&
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  await serveFloor(JSON.parse(process.argv[3] ?? '{}'));
}
