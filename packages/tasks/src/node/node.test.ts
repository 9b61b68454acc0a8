import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GSM8K_OFFICIAL_SHA256, parseGsm8kJsonl } from '../gsm8k/dataset.js';
import { DatasetFormatError } from '../jsonl.js';
import { sha256Hex, tasksetDigest } from '../taskset/digest.js';
import { loadShippedTaskset } from '../taskset/shipped.js';
import { fixturePath, readFixture, sharedDataNote, sharedPath } from '../test-support.js';
import { DigestMismatchError, defaultCacheDir, loadGsm8k, readTasksetFile } from './index.js';

const fixture = readFixture('gsm8k-mini.jsonl');
const fixtureSha = createHash('sha256').update(fixture).digest('hex');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crossover-tasks-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadGsm8k from a path', () => {
  it('parses the file and labels the taskset', async () => {
    const loaded = await loadGsm8k({ split: 'mini', path: fixturePath('gsm8k-mini.jsonl') });
    expect(loaded.problems).toEqual(
      parseGsm8kJsonl(fixture, { split: 'mini', source: fixturePath('gsm8k-mini.jsonl') }),
    );
    expect(loaded.sha256).toBe(fixtureSha);
    expect(loaded.taskset).toEqual({
      task: 'gsm8k',
      split: 'mini',
      version: 'v1',
      size: 4,
      digest: await tasksetDigest(loaded.problems),
    });
  });

  it('checks train and test files against the official digests', async () => {
    const load = loadGsm8k({ split: 'test', path: fixturePath('gsm8k-mini.jsonl') });
    await expect(load).rejects.toThrow(DigestMismatchError);
    await expect(load).rejects.toThrow(
      `SHA-256 is ${fixtureSha}, expected ${GSM8K_OFFICIAL_SHA256.test}; pass sha256: null to load a modified copy anyway`,
    );
    const loaded = await loadGsm8k({ split: 'test', path: fixturePath('gsm8k-mini.jsonl'), sha256: null });
    expect(loaded.problems[0]!.id).toBe('gsm8k/test/0');
  });

  it('names the line of a malformed record', async () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, `${fixture}{"question": "q", "answer": "no gold"}\n`);
    await expect(loadGsm8k({ split: 'bad', path })).rejects.toThrow(
      new DatasetFormatError(path, 5, 'answer has no gold value after "####"'),
    );
  });

  it.skipIf(!sharedDataNote())(
    'loads the official test file into the shipped gsm8k/test taskset',
    async () => {
      const loaded = await loadGsm8k({ split: 'test', path: sharedPath('data/gsm8k/test.jsonl') });
      expect(loaded.sha256).toBe(GSM8K_OFFICIAL_SHA256.test);
      expect(loaded.taskset).toEqual(loadShippedTaskset('gsm8k/test').taskset);
      const train = await loadGsm8k({ split: 'train', path: sharedPath('data/gsm8k/train.jsonl') });
      expect([train.sha256, train.problems.length]).toEqual([GSM8K_OFFICIAL_SHA256.train, 7473]);
    },
  );
});

describe('loadGsm8k from a URL', () => {
  let server: Server;
  let base: string;
  let hits = 0;
  let body = fixture;
  beforeAll(async () => {
    server = createServer((request, response) => {
      hits++;
      if (request.url === '/gsm8k.jsonl') response.writeHead(200).end(body);
      else response.writeHead(404).end('not found');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));
  afterEach(() => {
    hits = 0;
    body = fixture;
  });

  it('downloads once and then reads the cache', async () => {
    const cacheDir = join(dir, 'cache-a');
    const first = await loadGsm8k({
      split: 'mini',
      url: `${base}/gsm8k.jsonl`,
      cacheDir,
      sha256: fixtureSha,
    });
    expect(hits).toBe(1);
    expect(first.file.startsWith(join(cacheDir, 'gsm8k', 'mini-'))).toBe(true);
    expect(readFileSync(first.file, 'utf8')).toBe(fixture);
    const second = await loadGsm8k({
      split: 'mini',
      url: `${base}/gsm8k.jsonl`,
      cacheDir,
      sha256: fixtureSha,
    });
    expect(hits).toBe(1);
    expect(second.problems).toEqual(first.problems);
    expect(second.source).toBe(`${base}/gsm8k.jsonl`);
  });

  it('downloads again when the cached copy no longer matches the digest', async () => {
    const cacheDir = join(dir, 'cache-b');
    const { file } = await loadGsm8k({
      split: 'mini',
      url: `${base}/gsm8k.jsonl`,
      cacheDir,
      sha256: fixtureSha,
    });
    writeFileSync(file, 'corrupted');
    await loadGsm8k({ split: 'mini', url: `${base}/gsm8k.jsonl`, cacheDir, sha256: fixtureSha });
    expect(hits).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(fixture);
  });

  it('keeps nothing when the download does not match the digest', async () => {
    const cacheDir = join(dir, 'cache-c');
    body = fixture.replace('66', '67');
    const load = loadGsm8k({ split: 'test', url: `${base}/gsm8k.jsonl`, cacheDir });
    await expect(load).rejects.toThrow(
      `${base}/gsm8k.jsonl: SHA-256 is ${await sha256Hex(body)}, expected ${GSM8K_OFFICIAL_SHA256.test}`,
    );
    expect(existsSync(join(cacheDir, 'gsm8k'))).toBe(false);
  });

  it('reports HTTP failures', async () => {
    await expect(
      loadGsm8k({ split: 'mini', url: `${base}/missing.jsonl`, cacheDir: join(dir, 'cache-d') }),
    ).rejects.toThrow(`GET ${base}/missing.jsonl failed: HTTP 404`);
  });
});

describe('readTasksetFile', () => {
  it('reads problems and names the taskset after the file', async () => {
    const path = join(dir, 'my-countdown.jsonl');
    writeFileSync(path, '{"id":"c/0","task":"countdown","reference":{"target":6,"numbers":[1,2,3]}}\n');
    const { taskset, problems } = await readTasksetFile(path);
    expect(taskset).toEqual({
      task: 'countdown',
      split: 'my-countdown',
      version: 'custom',
      size: 1,
      digest: await tasksetDigest(problems),
    });
    expect((await readTasksetFile(path, { split: 's', version: 'v2' })).taskset).toMatchObject({
      split: 's',
      version: 'v2',
    });
  });

  it('names the file and line of a bad record', async () => {
    const path = join(dir, 'bad-taskset.jsonl');
    writeFileSync(
      path,
      '{"id":"c/0","task":"countdown","reference":{"target":6,"numbers":[1,2,3]}}\n{"id":"c/0"}\n',
    );
    await expect(readTasksetFile(path)).rejects.toThrow(`${path}:2: duplicate id "c/0"`);
  });

  it('reads the shipped countdown taskset, written out one problem a line, to the shipped taskset', async () => {
    const shipped = loadShippedTaskset('countdown/test');
    const path = join(dir, 'countdown-test.jsonl');
    writeFileSync(path, `${shipped.problems.map((problem) => JSON.stringify(problem)).join('\n')}\n`);
    const { taskset, problems } = await readTasksetFile(path, { split: 'test', version: 'v1' });
    expect(taskset).toEqual(shipped.taskset);
    expect(problems).toEqual(shipped.problems);
  });
});

describe('defaultCacheDir', () => {
  it('follows CROSSOVER_CACHE_DIR, then XDG_CACHE_HOME', () => {
    const saved = { ...process.env };
    try {
      process.env.CROSSOVER_CACHE_DIR = '/tmp/x-cache';
      expect(defaultCacheDir()).toBe('/tmp/x-cache');
      delete process.env.CROSSOVER_CACHE_DIR;
      process.env.XDG_CACHE_HOME = '/tmp/xdg';
      expect(defaultCacheDir()).toBe('/tmp/xdg/crossover');
    } finally {
      process.env = saved;
    }
  });
});
