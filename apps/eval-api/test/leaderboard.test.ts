import { beforeAll, describe, expect, it } from 'vitest';
import { leaderboard } from '../src/services/leaderboard.js';
import { gsm8kRecords, SAMPLING } from './fixtures.js';
import { api, bearer, env, expectError, issueKey, postJson } from './helpers.js';

// Two runs on 20 problems x 8 samples: the "grpo" run solves half the problems every time (pass@k = 0.5 at
// every k), the "base" run solves every problem 2 times in 8 (pass@1 = 0.25, pass@8 = 1): it catches up at k=4.
const BASE_MODEL = `board-base-${crypto.randomUUID()}`;
const passAt = (n: number, c: number, k: number) => {
  let allWrong = 1;
  for (let i = 0; i < k; i++) allWrong *= (n - c - i) / (n - i);
  return 1 - allWrong;
};

let grpoId: string;
let baseId: string;

async function createRun(
  key: string,
  salt: string,
  method: string,
  correct: (i: number, j: number) => boolean,
) {
  const response = await postJson(
    '/v1/runs',
    {
      model: `board/${salt}`,
      base_model: BASE_MODEL,
      method,
      sampling: SAMPLING,
      task: 'gsm8k',
      taskset: 'gsm8k/test',
      records: gsm8kRecords(20, 8, correct, `${BASE_MODEL}-${salt}`),
    },
    bearer(key),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

beforeAll(async () => {
  const key = await issueKey('board');
  grpoId = await createRun(key, 'grpo', 'grpo', (i) => i < 10);
  baseId = await createRun(key, 'base', 'base', (_i, j) => j < 2);
});

interface Board {
  task: string;
  taskset: string;
  k: number;
  runs: Array<{
    rank: number;
    run_id: string;
    method: string;
    pass_at_1: number;
    pass_at_k: number;
    ci_low: number;
    ci_high: number;
  }>;
}

describe('GET /v1/leaderboard', () => {
  it('ranks runs by pass@k at the requested k, with the interval and lengths', async () => {
    const board = (await (
      await api(`/v1/leaderboard?task=gsm8k&k=8&base_model=${BASE_MODEL}`)
    ).json()) as Board;
    expect([board.task, board.taskset, board.k]).toEqual(['gsm8k', 'gsm8k/test', 8]);
    expect(board.runs.map((run) => [run.rank, run.run_id, run.pass_at_1, run.pass_at_k])).toEqual([
      [1, baseId, 0.25, 1],
      [2, grpoId, 0.5, 0.5],
    ]);
    const grpo = board.runs[1]!;
    expect(grpo.ci_low).toBeLessThanOrEqual(0.5);
    expect(grpo.ci_high).toBeGreaterThanOrEqual(0.5);
    expect(board.runs[0]).toMatchObject({
      samples_per_problem_min: 8,
      samples_per_problem_max: 8,
      length_unit: 'tokens',
    });
  });

  it('gives pass@k at a k off the report grid from the stored (n, c) counts, and null above n', async () => {
    const board = (await (
      await api(`/v1/leaderboard?task=gsm8k&k=3&base_model=${BASE_MODEL}`)
    ).json()) as Board;
    const base = board.runs.find((run) => run.run_id === baseId)!;
    const grpo = board.runs.find((run) => run.run_id === grpoId)!;
    expect(base.pass_at_k).toBeCloseTo(passAt(8, 2, 3), 12);
    // Every base problem has the same pass@3: no spread between problems, so the interval is that point.
    expect(base.ci_low).toBeCloseTo(base.pass_at_k, 12);
    expect(base.ci_high).toBeCloseTo(base.pass_at_k, 12);
    expect(grpo.pass_at_k).toBeCloseTo(0.5, 12);
    const se = Math.sqrt((0.25 * (20 / 19)) / 20);
    expect(grpo.ci_low).toBeCloseTo(0.5 - 1.96 * se, 12);
    expect(grpo.ci_high).toBeCloseTo(0.5 + 1.96 * se, 12);
    const above = (await (
      await api(`/v1/leaderboard?task=gsm8k&k=9&base_model=${BASE_MODEL}`)
    ).json()) as Board;
    expect(above.runs.map((run) => run.pass_at_k)).toEqual([null, null]);
  });

  it('sorts by pass@1 and filters by method', async () => {
    const byPass1 = (await (
      await api(`/v1/leaderboard?task=gsm8k&k=8&sort=pass@1&base_model=${BASE_MODEL}`)
    ).json()) as Board;
    expect(byPass1.runs.map((run) => run.run_id)).toEqual([grpoId, baseId]);
    const grpoOnly = (await (
      await api(`/v1/leaderboard?task=gsm8k&method=grpo&base_model=${BASE_MODEL}`)
    ).json()) as Board;
    expect(grpoOnly.runs.map((run) => [run.run_id, run.pass_at_k])).toEqual([[grpoId, 0.5]]);
  });

  it('answers CSV with ?format=csv', async () => {
    const response = await api(`/v1/leaderboard?task=gsm8k&k=8&base_model=${BASE_MODEL}&format=csv`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'rank,run_id,model,base_model,method,step,created_at,pass_at_1,k,pass_at_k,ci_low,ci_high,length_unit,' +
        'mean_length_correct,mean_length_incorrect,samples_per_problem_min,samples_per_problem_max,mode,' +
        'temperature,top_p,max_tokens,prompt_template,model_revision,generator',
    );
    expect(lines[1]?.split(',').slice(-7)).toEqual(['auto', '0.7', '0.95', '512', '', '', '']);
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 5))).toEqual([
      ['1', baseId, 'board/base', BASE_MODEL, 'base'],
      ['2', grpoId, 'board/grpo', BASE_MODEL, 'grpo'],
    ]);
  });

  it('shows and filters by verifier mode, sampling settings and samples per problem', async () => {
    const baseModel = `board-settings-${crypto.randomUUID()}`;
    const key = await issueKey('board-settings');
    const create = async (salt: string, fields: Record<string, unknown>, samples: number) => {
      const response = await postJson(
        '/v1/runs',
        {
          model: `settings/${salt}`,
          base_model: baseModel,
          method: 'base',
          sampling: SAMPLING,
          task: 'gsm8k',
          taskset: 'gsm8k/test',
          records: gsm8kRecords(20, samples, (_i, j) => j < 2, `${baseModel}-${salt}`),
          ...fields,
        },
        bearer(key),
      );
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const plain = await create('plain', {}, 8);
    const strictHot = await create(
      'strict-hot',
      {
        mode: 'strict',
        sampling: { ...SAMPLING, temperature: 1 },
        provenance: {
          prompt_template: { name: 'gsm8k-8shot' },
          generator: { name: 'vllm', version: '0.8.5' },
        },
      },
      4,
    );
    const board = async (filters: string) => {
      const response = await api(`/v1/leaderboard?task=gsm8k&base_model=${baseModel}&${filters}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { runs: Array<Record<string, unknown>> }).runs;
    };
    const all = await board('sort=created');
    expect(
      all.map((run) => [
        run.run_id,
        run.mode,
        run.temperature,
        run.top_p,
        run.max_tokens,
        run.prompt_template,
      ]),
    ).toEqual([
      [strictHot, 'strict', 1, 0.95, 512, 'gsm8k-8shot'],
      [plain, 'auto', 0.7, 0.95, 512, null],
    ]);
    expect(all[0]?.generator).toBe('vllm 0.8.5');
    const ids = (runs: Array<Record<string, unknown>>) => runs.map((run) => run.run_id);
    expect(ids(await board('mode=strict'))).toEqual([strictHot]);
    expect(ids(await board('temperature=0.7'))).toEqual([plain]);
    expect(ids(await board('n=4'))).toEqual([strictHot]);
    expect(ids(await board('max_tokens=512&top_p=0.95&mode=auto'))).toEqual([plain]);
    expect(ids(await board('prompt_template=gsm8k-8shot'))).toEqual([strictHot]);
    expect(ids(await board('prompt_template=other'))).toEqual([]);
    // a value no run has lists none; an empty value is no filter
    expect(ids(await board('temperature=0.123'))).toEqual([]);
    expect(ids(await board('mode=&n='))).toHaveLength(2);
    // the board page offers the values its runs have, and filters the same way
    const page = await (await api(`/?task=gsm8k&base_model=${baseModel}&mode=strict`)).text();
    expect(page).toContain('<option value="strict" selected>strict</option>');
    expect(page).toContain('<option value="0.7">0.7</option>');
    expect(page).toContain('<option value="gsm8k-8shot">gsm8k-8shot</option>');
    expect(page).toContain(`data-run="${strictHot}"`);
    expect(page).not.toContain(`data-run="${plain}"`);
  });

  it('validates the query (422 naming the field)', async () => {
    expect((await expectError(await api('/v1/leaderboard'), 422, 'invalid_request')).field).toBe(
      'query.task',
    );
    expect(
      (await expectError(await api('/v1/leaderboard?task=gsm8k&k=0'), 422, 'invalid_request')).field,
    ).toBe('query.k');
    expect(
      (await expectError(await api('/v1/leaderboard?task=gsm8k&sort=vibes'), 422, 'invalid_request')).field,
    ).toBe('query.sort');
    for (const [param, field] of [
      ['mode=vibes', 'query.mode'],
      ['temperature=hot', 'query.temperature'],
      ['top_p=0', 'query.top_p'],
      ['max_tokens=1.5', 'query.max_tokens'],
      ['n=-2', 'query.n'],
    ]) {
      const error = await expectError(
        await api(`/v1/leaderboard?task=gsm8k&${param}`),
        422,
        'invalid_request',
      );
      expect([param, error.field]).toEqual([param, field]);
    }
    const page = await api('/?task=gsm8k&mode=vibes');
    expect(page.status).toBe(422);
  });
});

/** env.DB, counting the ranking queries of the leaderboard (the ones that read every run's report). */
function countingDb() {
  let rankings = 0;
  const db = new Proxy(env.DB, {
    get(target, property) {
      if (property === 'prepare')
        return (sql: string) => {
          if (sql.includes('report, pass_counts FROM runs')) rankings++;
          return target.prepare(sql);
        };
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db, rankings: () => rankings };
}

describe('leaderboard cache keys', () => {
  it('rank once for every k past the samples, every limit past the runs and every unknown base model', async () => {
    const { db, rankings } = countingDb();
    const query = {
      task: 'gsm8k',
      taskset: 'gsm8k/test',
      sort: 'length_correct' as const,
      method: 'grpo',
      base_model: BASE_MODEL,
    };
    // Both runs have 8 samples a problem: from k = 9 on, pass@k is null for each.
    const boards = [];
    // every limit past the taskset's runs (this file makes fewer than 50)
    for (const k of [9, 10, 123_456])
      for (const limit of [50, 100, 1000]) boards.push(await leaderboard(db, { ...query, k, limit }));
    expect(rankings()).toBe(1);
    expect(boards.at(-1)!.map((entry) => [entry.k, entry.pass_at_k])).toEqual([[123_456, null]]);
    for (const name of ['nobody-1', 'nobody-2', 'x'.repeat(200)])
      expect(await leaderboard(db, { ...query, k: 1, limit: 100, base_model: name })).toEqual([]);
    expect(rankings()).toBe(2);
    // A k the runs can answer is a ranking of its own.
    await leaderboard(db, { ...query, k: 8, limit: 100 });
    expect(rankings()).toBe(3);
  });
});

describe('GET /v1/compare', () => {
  it('gives both curves on the common k grid, the differences and the crossover k', async () => {
    const response = await api(`/v1/compare?a=${grpoId}&b=${baseId}`);
    expect(response.status).toBe(200);
    const comparison = (await response.json()) as {
      a: { id: string };
      b: { id: string };
      k: number[];
      points: Array<{ k: number; a: number; b: number; diff: number; low: number; high: number }>;
      crossover: { behind: string | null; k: number | null };
      warnings: unknown[];
      coverage: Record<'only_a' | 'only_b' | 'both' | 'neither', { count: number; ids: string[] }>;
      coverage_test: { only_a: number; only_b: number; p_value: number };
    };
    expect([comparison.a.id, comparison.b.id]).toEqual([grpoId, baseId]);
    expect(comparison.k).toEqual([1, 2, 4, 8]);
    expect(comparison.points.map((point) => point.k)).toEqual([1, 2, 4, 8]);
    for (const point of comparison.points) {
      expect(point.a).toBeCloseTo(0.5, 12);
      expect(point.b).toBeCloseTo(passAt(8, 2, point.k), 12);
      expect(point.diff).toBeCloseTo(point.a - point.b, 12);
      expect(point.low).toBeLessThanOrEqual(point.diff);
      expect(point.high).toBeGreaterThanOrEqual(point.diff);
    }
    expect(comparison.crossover).toMatchObject({ behind: 'b', k: 4 });
    expect(comparison.warnings).toEqual([]);
    // a solves problems 0-9 every time, b solves every problem twice in 8: b alone covers 10-19
    expect([comparison.coverage.only_a.count, comparison.coverage.only_b.count]).toEqual([0, 10]);
    expect([comparison.coverage.both.count, comparison.coverage.neither.count]).toEqual([10, 0]);
    expect(comparison.coverage_test.p_value).toBeCloseTo(2 / 1024, 12);
    const page = await (await api(`/compare?a=${grpoId}&b=${baseId}`)).text();
    expect(page).toContain('<h2>Per-problem evidence</h2>');
    // a gives one answer in every sample of every problem: degenerate sampling, said for a only
    expect(page).toContain('<strong>Degenerate sampling:</strong> Run a gave one');
    expect(page).not.toContain('Run b gave one');
    expect(comparison.a.id).toBe(grpoId);
    const runA = await (await api(`/runs/${grpoId}`)).text();
    expect(runA).toContain('on 20 of 20 problems (100.0%)');
    expect(await (await api(`/runs/${baseId}`)).text()).not.toContain('Degenerate sampling');
    const report = ((await (await api(`/v1/runs/${grpoId}`)).json()) as { report: { degenerate: unknown } })
      .report;
    expect(report.degenerate).toEqual({ problems: 20, one_answer: 20, share: 1 });
    expect(page).toContain(
      'Exact McNemar test of 0 against 10: p = 0.0020, a difference in coverage beyond chance',
    );
  });

  it('names every setting in which the runs differ, in the JSON and above the page verdict', async () => {
    const key = await issueKey('board-warnings');
    const response = await postJson(
      '/v1/runs',
      {
        model: 'board/strict-hot',
        base_model: `board-warnings-${crypto.randomUUID()}`,
        method: 'base',
        sampling: { ...SAMPLING, temperature: 1, max_tokens: 1024 },
        task: 'gsm8k',
        mode: 'strict',
        taskset: 'gsm8k/test',
        provenance: { prompt_template: { name: 'gsm8k-chat', digest: 'ab'.repeat(32) } },
        records: gsm8kRecords(20, 4, (_i, j) => j < 2, `warnings-${crypto.randomUUID()}`),
      },
      bearer(key),
    );
    expect(response.status).toBe(201);
    const otherId = ((await response.json()) as { id: string }).id;
    const compared = await api(`/v1/compare?a=${grpoId}&b=${otherId}`);
    expect(compared.status).toBe(200);
    // b is ranked by strict, but every mode of both runs is stored: both are compared under auto, like for like.
    expect(((await compared.json()) as { warnings: unknown }).warnings).toEqual([
      { field: 'n', a: 8, b: 4 },
      { field: 'sampling.temperature', a: 0.7, b: 1 },
      { field: 'sampling.max_tokens', a: 512, b: 1024 },
      { field: 'prompt_template', a: null, b: 'gsm8k-chat' },
    ]);
    const page = await (await api(`/compare?a=${grpoId}&b=${otherId}`)).text();
    const notice = page.indexOf('Not like for like:');
    expect(notice).toBeGreaterThan(0);
    expect(notice).toBeLessThan(page.indexOf('class="crossover-summary"'));
    expect(page).toContain('the runs differ in\nsamples per problem (a 8, b 4); temperature (a 0.7, b 1)');
    expect(page).toContain('Both curves judged by the <strong>auto</strong> verifier.');
    const strict = await (await api(`/compare?a=${grpoId}&b=${otherId}&mode=strict`)).text();
    expect(strict).toContain('Both curves judged by the <strong>strict</strong> verifier.');
    expect(strict).toContain('<option value="strict" selected>strict</option>');
    const same = await (await api(`/compare?a=${grpoId}&b=${baseId}`)).text();
    expect(same).not.toContain('Not like for like');
  });

  it('bootstraps a pair once per board version: later requests are served from the cache', async () => {
    const key = await issueKey('compare-cache');
    const run = async (salt: string, correct: (i: number, j: number) => boolean) => {
      const response = await postJson(
        '/v1/runs',
        {
          model: `compare-cache/${salt}`,
          method: 'other',
          sampling: SAMPLING,
          task: 'gsm8k',
          taskset: 'gsm8k/test',
          records: gsm8kRecords(20, 4, correct, `compare-cache-${salt}`),
        },
        bearer(key),
      );
      return ((await response.json()) as { id: string }).id;
    };
    const a = await run('a', (i) => i < 10);
    const b = await run('b', (_i, j) => j < 1);
    const compare = async () => (await (await api(`/v1/compare?a=${a}&b=${b}&seed=7`)).json()) as object;
    const first = await compare();
    // Per-problem rows are not part of the board version: a comparison recomputed now would see 10 problems.
    await env.DB.prepare(
      'DELETE FROM run_problems WHERE run_id = ? AND rowid IN (SELECT rowid FROM run_problems WHERE run_id = ? LIMIT 10)',
    )
      .bind(a, a)
      .run();
    expect(await compare()).toEqual(first);
    expect((first as { problems: { common: number } }).problems.common).toBe(20);
    // Another seed is another bootstrap, over the rows as they are now.
    const other = (await (await api(`/v1/compare?a=${a}&b=${b}&seed=8`)).json()) as {
      problems: { common: number };
    };
    expect(other.problems.common).toBe(10);

    // Each new seed is a bootstrap: misses count against the client's scoring limit (120 a minute, fixed
    // windows: the 429 after 120 to 240 of them); a cached comparison is still served to that client.
    const client = { 'cf-connecting-ip': '203.0.113.150' };
    let bootstraps = 0;
    let limited: Response | null = null;
    while (limited === null && bootstraps <= 240) {
      const response = await api(`/v1/compare?a=${a}&b=${b}&seed=${1000 + bootstraps}`, { headers: client });
      if (response.status === 429) limited = response;
      else {
        expect(response.status).toBe(200);
        await response.arrayBuffer();
        bootstraps++;
      }
    }
    expect(limited).not.toBeNull();
    expect(bootstraps).toBeGreaterThanOrEqual(120);
    await expectError(limited!, 429, 'rate_limited');
    const cached = await api(`/v1/compare?a=${a}&b=${b}&seed=7`, { headers: client });
    expect(await cached.json()).toEqual(first);
  });

  it('answers 404 for a missing run, 409 for an unscored one, 422 for a malformed id', async () => {
    await expectError(await api(`/v1/compare?a=${grpoId}&b=run_00000000000000000000`), 404, 'not_found');
    const key = await issueKey('compare-pending');
    const pending = await postJson(
      '/v1/runs',
      { model: 'pending', method: 'other', sampling: SAMPLING, task: 'gsm8k', taskset: 'gsm8k/test' },
      bearer(key),
    );
    const pendingId = ((await pending.json()) as { id: string }).id;
    await expectError(await api(`/v1/compare?a=${grpoId}&b=${pendingId}`), 409, 'invalid_state');
    expect((await expectError(await api(`/v1/compare?a=x&b=${grpoId}`), 422, 'invalid_request')).field).toBe(
      'query.a',
    );
  });
});
