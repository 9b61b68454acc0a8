// The main entry inside a real Cloudflare Worker: the package source bundled by esbuild for a neutral
// platform (a node: import or Node builtin would fail the bundle) and run in workerd through Miniflare.
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShippedTaskset } from './taskset/shipped.js';
import { packageDir } from './test-support.js';

const WORKER = `
import { getTask, loadShippedTaskset, solveCountdown, tasksetDigest } from './src/index.ts';
export default {
  async fetch() {
    const tasksets = {};
    for (const name of ['gsm8k/test', 'countdown/test']) {
      const { taskset, problems } = loadShippedTaskset(name);
      tasksets[name] = { shipped: taskset.digest, recomputed: await tasksetDigest(problems), size: problems.length };
    }
    const countdown = getTask('countdown');
    const verdict = countdown.verify({ reference: { target: 24, numbers: [3, 3, 8, 8] }, prompt: '' }, '<answer>8 / (3 - 8 / 3)</answer>');
    return Response.json({ tasksets, solutions: solveCountdown([3, 3, 8, 8], 24), correct: verdict.correct });
  },
};
`;

describe('in a Cloudflare Worker (workerd)', () => {
  let worker: Miniflare;
  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: WORKER, resolveDir: packageDir, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      write: false,
      logLevel: 'silent',
    });
    worker = new Miniflare({
      modules: true,
      script: bundle.outputFiles[0]!.text,
      compatibilityDate: '2025-01-01',
    });
  });
  afterAll(() => worker?.dispose());

  it('loads the shipped tasksets, recomputes their digests with WebCrypto, solves and verifies', async () => {
    const response = await worker.dispatchFetch('http://worker.test/');
    const expected = Object.fromEntries(
      (['gsm8k/test', 'countdown/test'] as const).map((name) => {
        const { taskset } = loadShippedTaskset(name);
        return [name, { shipped: taskset.digest, recomputed: taskset.digest, size: taskset.size }];
      }),
    );
    expect(await response.json()).toEqual({
      tasksets: expected,
      solutions: ['8 / (3 - 8 / 3)'],
      correct: true,
    });
  });
});
