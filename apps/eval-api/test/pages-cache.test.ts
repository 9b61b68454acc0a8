import { describe, expect, it, vi } from 'vitest';
import {
  BOARD_VERSION_TTL_MS,
  boardCacheKey,
  boardVersion,
  currentBoardVersion,
  forgetBoardVersion,
} from '../src/services/board-cache.js';
import { canonicalLeaderboardQuery, leaderboardParams } from '../src/services/leaderboard.js';
import { gsm8kRecords, SAMPLING } from './fixtures.js';
import { api, bearer, env, issueKey, postJson } from './helpers.js';

// Leaderboard reads are cached under the board version; every run write bumps it (triggers of migration 0002).
const BASE_MODEL = `cache-base-${crypto.randomUUID()}`;
const BOARD = `/v1/leaderboard?task=gsm8k&k=2&base_model=${encodeURIComponent(BASE_MODEL)}`;

async function boardIds(): Promise<string[]> {
  const board = (await (await api(BOARD)).json()) as { runs: { run_id: string }[] };
  return board.runs.map((run) => run.run_id);
}

async function createRun(key: string, salt: string, records = true): Promise<string> {
  const response = await postJson(
    '/v1/runs',
    {
      model: `cache/${salt}`,
      base_model: BASE_MODEL,
      method: 'grpo',
      sampling: SAMPLING,
      task: 'gsm8k',
      taskset: 'gsm8k/test',
      ...(records ? { records: gsm8kRecords(3, 2, (i) => i === 0, `${BASE_MODEL}-${salt}`) } : {}),
    },
    bearer(key),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

describe('leaderboard cache', () => {
  it('keys reads by name, version and sorted parameters', () => {
    expect(
      boardCacheKey('leaderboard', 7, { task: 'gsm8k', k: 2, method: undefined, base_model: 'a/b' }),
    ).toBe('https://board-cache.crossover.invalid/f3/leaderboard/v7?base_model=a%2Fb&k=2&task=gsm8k');
    // a value cannot pass for more parameters: `&` and `=` in it are encoded
    const smuggled = boardCacheKey('leaderboard', 7, { task: 'gsm8k', base_model: 'a&k=2' });
    expect(smuggled).toBe(
      'https://board-cache.crossover.invalid/f3/leaderboard/v7?base_model=a%26k%3D2&task=gsm8k',
    );
    expect(smuggled).not.toBe(boardCacheKey('leaderboard', 7, { task: 'gsm8k', base_model: 'a', k: 2 }));
    expect(new URL(smuggled).searchParams.get('base_model')).toBe('a&k=2');
  });

  it('serves the cached board until a run is created, scored or deleted', async () => {
    const key = await issueKey('cache');
    expect(await boardIds()).toEqual([]);

    const before = await boardVersion(env.DB);
    const first = await createRun(key, 'first');
    expect(await boardVersion(env.DB)).toBeGreaterThan(before);
    expect(await boardIds()).toEqual([first]);
    // the read was stored under the current version, and the canonical query (limit: the board's runs)
    const params = {
      task: 'gsm8k',
      taskset: 'gsm8k/test',
      k: 2,
      sort: 'pass@k',
      base_model: BASE_MODEL,
      limit: 100,
    } as const;
    const canonical = leaderboardParams(await canonicalLeaderboardQuery(env.DB, params));
    expect(canonical.limit).toBeLessThanOrEqual(100);
    const stored = await caches.default.match(
      boardCacheKey('leaderboard', await boardVersion(env.DB), canonical),
    );
    if (!stored) throw new Error('the board read was not cached');
    expect(((await stored.json()) as { run_id: string }[]).map((entry) => entry.run_id)).toEqual([first]);

    // writes to runs that are not scored leave the board (and its cached reads) alone...
    const version = await boardVersion(env.DB);
    const pending = await createRun(key, 'pending', false);
    await env.DB.prepare("UPDATE runs SET status = 'failed', failure_reason = 'test' WHERE id = ?")
      .bind(pending)
      .run();
    expect(await boardVersion(env.DB)).toBe(version);
    expect(await boardIds()).toEqual([first]);

    // ...any change to a scored run bumps it, even one made behind the API's back
    await env.DB.prepare("UPDATE runs SET model = 'cache/renamed' WHERE id = ?").bind(first).run();
    expect(await boardVersion(env.DB)).toBe(version + 1);
    // (the Worker, which shares this isolate, would notice after BOARD_VERSION_TTL_MS; tell it now)
    forgetBoardVersion();
    const renamed = (await (await api(BOARD)).json()) as { runs: { model: string }[] };
    expect(renamed.runs.map((run) => run.model)).toEqual(['cache/renamed']);

    const second = await createRun(key, 'second');
    expect(await boardIds()).toEqual([first, second]);
    const page = await (await api(`/?task=gsm8k&base_model=${encodeURIComponent(BASE_MODEL)}`)).text();
    expect([...page.matchAll(/<tr data-run="(run_[0-9a-f]{20})">/g)].map((m) => m[1])).toEqual([
      first,
      second,
    ]);

    const deleted = await api(`/v1/runs/${first}`, { method: 'DELETE', headers: bearer(key) });
    expect(deleted.status).toBe(204);
    expect(await boardIds()).toEqual([second]);
    const after = await (await api(`/?task=gsm8k&base_model=${encodeURIComponent(BASE_MODEL)}`)).text();
    expect([...after.matchAll(/<tr data-run="(run_[0-9a-f]{20})">/g)].map((m) => m[1])).toEqual([second]);
  });

  it('trusts a version for a moment, and forgets it on a write', async () => {
    const start = await boardVersion(env.DB);
    forgetBoardVersion();
    expect(await currentBoardVersion(env.DB)).toBe(start);
    // a write behind the isolate's back is seen only once the version is forgotten (or after the TTL)
    await env.DB.prepare(
      "UPDATE runs SET notes = 'touched' WHERE id = (SELECT id FROM runs WHERE status = 'scored' LIMIT 1)",
    ).run();
    expect(await boardVersion(env.DB)).toBe(start + 1);
    expect(await currentBoardVersion(env.DB)).toBe(start);
    forgetBoardVersion();
    expect(await currentBoardVersion(env.DB)).toBe(start + 1);
    expect(BOARD_VERSION_TTL_MS).toBe(1000);
  });

  it('lets one request refresh an expired version while the others keep the old one', async () => {
    forgetBoardVersion();
    const start = await currentBoardVersion(env.DB);
    await env.DB.prepare(
      "UPDATE runs SET notes = 'refreshed' WHERE id = (SELECT id FROM runs WHERE status = 'scored' LIMIT 1)",
    ).run();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + BOARD_VERSION_TTL_MS + 1);
      // the first caller refreshes; the ones that arrive before its query returns are answered at once
      const refresh = currentBoardVersion(env.DB);
      const meanwhile = await Promise.all([currentBoardVersion(env.DB), currentBoardVersion(env.DB)]);
      expect(meanwhile).toEqual([start, start]);
      expect(await refresh).toBe(start + 1);
      expect(await currentBoardVersion(env.DB)).toBe(start + 1);
    } finally {
      vi.useRealTimers();
    }
  });
});
