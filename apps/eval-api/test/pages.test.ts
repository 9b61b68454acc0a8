import { loadShippedTaskset, solveCountdown } from '@crossover/tasks';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../src/pages/layout.js';
import { gsm8kRecords, SAMPLING } from './fixtures.js';
import { api, bearer, issueKey, postJson } from './helpers.js';

// Two runs on 12 problems x 8 samples whose curves cross: "grpo" solves half the problems every time (pass@k =
// 0.5 at every k), "base" solves every problem 2 times in 8 (pass@1 = 0.25, pass@4 = 0.786): crossover at k = 4.
const BASE_MODEL = `pages-base-${crypto.randomUUID()}`;
const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';

let grpoId: string;
let baseId: string;

async function createRun(
  key: string,
  model: string,
  method: string,
  correct: (i: number, j: number) => boolean,
) {
  const response = await postJson(
    '/v1/runs',
    {
      model,
      base_model: BASE_MODEL,
      method,
      step: method === 'grpo' ? 400 : undefined,
      notes: `notes ${HOSTILE}`,
      sampling: SAMPLING,
      task: 'gsm8k',
      taskset: 'gsm8k/test',
      records: gsm8kRecords(12, 8, correct, `${BASE_MODEL}-${model}`),
    },
    bearer(key),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

beforeAll(async () => {
  const key = await issueKey('pages');
  grpoId = await createRun(key, `grpo ${HOSTILE}`, 'grpo', (i) => i < 6);
  baseId = await createRun(key, 'pages/base', 'base', (_i, j) => j < 2);
});

function decodeEntities(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

/** The href of the first element with this class. */
function hrefOf(page: string, className: string): string {
  const match = new RegExp(`class="${className}" href="([^"]+)"`).exec(page);
  if (!match?.[1]) throw new Error(`no ${className} on the page`);
  return decodeEntities(match[1]);
}

function count(page: string, pattern: RegExp): number {
  return [...page.matchAll(pattern)].length;
}

async function getPage(path: string): Promise<{ response: Response; page: string }> {
  const response = await api(path);
  return { response, page: await response.text() };
}

function expectPageHeaders(response: Response): void {
  expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
  expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
}

function csvRows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
}

describe('GET / (leaderboard page)', () => {
  const board = `/?task=gsm8k&base_model=${encodeURIComponent(BASE_MODEL)}`;

  it('ranks the runs at the largest k by default, leads with their curves, and escapes model names', async () => {
    const { response, page } = await getPage(board);
    expect(response.status).toBe(200);
    expectPageHeaders(response);
    expect([...page.matchAll(/<tr data-run="(run_[0-9a-f]{20})">/g)].map((m) => m[1])).toEqual([
      baseId,
      grpoId,
    ]);
    expect(page).toContain('pass@8 [95% CI]');
    expect(page).toContain('<option value="8" selected>8</option>');
    // one curve per run, with bands, on the log2 k axis
    expect(count(page, /<g class="series"/g)).toBe(2);
    expect(count(page, /class="band"/g)).toBe(2);
    // the hostile model name is text in the table, in the plot legend and in the tooltips, never markup
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain(
      'grpo &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;',
    );
    expect(count(page, /<script/g)).toBe(1);
    expect(page).toContain('<script src="/assets/pages.js" defer></script>');
  });

  it('sorts by pass@1 through a header link and filters by method', async () => {
    const { page } = await getPage(`${board}&k=8`);
    const byPass1 = hrefOf(page, 'sort-link" data-sort="pass@1');
    expect(byPass1).toBe(
      `/?task=gsm8k&taskset=gsm8k%2Ftest&k=8&sort=pass%401&base_model=${encodeURIComponent(BASE_MODEL)}`,
    );
    const sorted = await getPage(byPass1);
    expect([...sorted.page.matchAll(/<tr data-run="(run_[0-9a-f]{20})">/g)].map((m) => m[1])).toEqual([
      grpoId,
      baseId,
    ]);
    const grpoOnly = await getPage(`${board}&method=grpo`);
    expect([...grpoOnly.page.matchAll(/<tr data-run="(run_[0-9a-f]{20})">/g)].map((m) => m[1])).toEqual([
      grpoId,
    ]);
    // an empty form field means "all"
    const all = await getPage(`${board}&method=&k=`);
    expect(count(all.page, /<tr data-run=/g)).toBe(2);
  });

  it('links the table as JSON and CSV with the same rows', async () => {
    const { page } = await getPage(board);
    const rows = [...page.matchAll(/<tr data-run="(run_[0-9a-f]{20})">/g)].map((m) => m[1]);
    const json = (await (await api(hrefOf(page, 'json-link'))).json()) as {
      k: number;
      runs: { run_id: string }[];
    };
    expect(json.k).toBe(8);
    expect(json.runs.map((run) => run.run_id)).toEqual(rows);
    const csv = csvRows(await (await api(hrefOf(page, 'csv-link'))).text());
    expect(csv.slice(1).map((fields) => [fields[1], fields[8]])).toEqual([
      [baseId, '8'],
      [grpoId, '8'],
    ]);
  });

  it('opens, without a task in the address, on the board of the latest scored run', async () => {
    const key = await issueKey('pages-latest');
    const countdown = loadShippedTaskset('countdown/test').problems.slice(0, 3);
    const records = countdown.flatMap((problem, i) => {
      const { numbers, target } = problem.reference as { numbers: number[]; target: number };
      const [solution] = solveCountdown(numbers, target);
      return [0, 1].map((j) => ({
        problem_id: problem.id,
        completion: `<answer>${j <= i % 2 ? solution : '1 + 1'}</answer>`,
        sample_index: j,
      }));
    });
    const response = await postJson(
      '/v1/runs',
      {
        model: 'pages/countdown-latest',
        method: 'sft',
        sampling: SAMPLING,
        task: 'countdown',
        taskset: 'countdown/test',
        records,
      },
      bearer(key),
    );
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const { page } = await getPage('/');
    expect(page).toContain(`<tr data-run="${id}">`);
    expect(page).toContain('Leaderboard countdown/test');
    // A task in the address still opens that task's board.
    expect((await getPage('/?task=gsm8k')).page).not.toContain(`<tr data-run="${id}">`);
  });

  it('answers an unknown task with a 422 page', async () => {
    const { response, page } = await getPage('/?task=chess');
    expect(response.status).toBe(422);
    expectPageHeaders(response);
    expect(page).toContain('<h1>422: invalid request</h1>');
  });
});

describe('GET /runs/:id (run page)', () => {
  it('shows the curve with its band, the length histograms, the settings and the problems', async () => {
    const { response, page } = await getPage(`/runs/${grpoId}`);
    expect(response.status).toBe(200);
    expectPageHeaders(response);
    expect(count(page, /class="crossover-plot line-chart"/g)).toBe(1);
    expect(count(page, /class="band"/g)).toBe(1);
    expect(count(page, /class="crossover-plot histogram"/g)).toBe(1);
    expect(count(page, /<g class="series" data-series="(correct|incorrect)"/g)).toBe(2);
    // every sample's length, binned when the run was scored: 48 correct and 48 incorrect answers of 10-16 tokens
    const bars = (series: string) => [
      ...page.matchAll(
        new RegExp(`data-series="${series}" data-x0="([\\d.]+)" data-x1="[\\d.]+" data-count="(\\d+)"`, 'g'),
      ),
    ];
    expect(bars('correct').reduce((sum, bar) => sum + Number(bar[2]), 0)).toBe(48);
    expect(bars('incorrect').reduce((sum, bar) => sum + Number(bar[2]), 0)).toBe(48);
    expect(bars('correct')[0]?.[1]).toBe('10');
    expect(page).toContain('Length of every correct and every incorrect answer');
    expect(page).toContain('<dt>step</dt><dd>400 · <a class="trajectory-link" href="/trajectory?');
    expect(page).toContain('<dt>max tokens</dt><dd>512</dd>');
    expect(page).toContain('notes &lt;script&gt;');
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('pass@1 50.0% · pass@8 50.0%');
    expect(count(page, /<tr>\n<td><a href="\/v1\/runs\/run_/g)).toBe(12);
    expect(page).toContain(`<option value="${baseId}">pages/base (base)</option>`);
  });

  it('pages the problems and links them as JSON and CSV with the same rows', async () => {
    const { page } = await getPage(`/runs/${baseId}?limit=5`);
    const shown = [...page.matchAll(/<td><a href="[^"]+">(gsm8k\/test\/\d+)<\/a><\/td>/g)].map((m) => m[1]);
    expect(shown).toHaveLength(5);
    const json = (await (await api(hrefOf(page, 'json-link'))).json()) as {
      problems: { problem_id: string; c: number }[];
      next_cursor: string;
    };
    expect(json.problems.map((row) => row.problem_id)).toEqual(shown);
    const csv = csvRows(await (await api(hrefOf(page, 'csv-link'))).text());
    expect(csv[0]).toEqual([
      'problem_id',
      'n',
      'c',
      'pass_at_1',
      'pass_at_2',
      'pass_at_4',
      'pass_at_8',
      'maj_answer',
      'mean_length_correct',
      'mean_length_incorrect',
    ]);
    expect(csv.slice(1).map((fields) => [fields[0], fields[1], fields[2], fields[3]])).toEqual(
      shown.map((id) => [id, '8', '2', '0.25']),
    );
    const next = await getPage(hrefOf(page, 'next-page'));
    const nextShown = [...next.page.matchAll(/<td><a href="[^"]+">(gsm8k\/test\/\d+)<\/a><\/td>/g)].map(
      (m) => m[1],
    );
    expect(nextShown[0]).toBe(
      (
        (await (await api(`/v1/runs/${baseId}/problems?limit=1&cursor=${json.next_cursor}`)).json()) as {
          problems: { problem_id: string }[];
        }
      ).problems[0]?.problem_id,
    );
    // each problem links to its own row
    const first = /<td><a href="([^"]+)">(gsm8k\/test\/\d+)<\/a><\/td>/.exec(next.page);
    const own = (await (await api(decodeEntities(first![1]!))).json()) as {
      problems: { problem_id: string }[];
    };
    expect(own.problems.map((row) => row.problem_id)).toEqual([first![2]]);
  });

  it('answers an unknown or malformed run id with a 404 page', async () => {
    for (const id of ['run_00000000000000000000', 'nope']) {
      const { response, page } = await getPage(`/runs/${id}`);
      expect(response.status).toBe(404);
      expectPageHeaders(response);
      expect(page).toContain(`no run ${id}`);
    }
  });
});

describe('GET /compare (compare page)', () => {
  it('draws both curves with the crossover k marked', async () => {
    const { response, page } = await getPage(`/compare?a=${grpoId}&b=${baseId}`);
    expect(response.status).toBe(200);
    expectPageHeaders(response);
    expect(count(page, /<g class="series"/g)).toBe(2);
    expect(count(page, /class="band"/g)).toBe(2);
    expect(page).toMatch(/<g class="marker crossover" data-x="4"/);
    expect(page).toContain('catches up with');
    expect(page).toContain('<strong>k = 4</strong>');
    expect(count(page, /<tr( class="crossover-row")?>\n<td class="num">\d+<\/td>/g)).toBe(4);
  });

  it('links the points as JSON and CSV with the same rows', async () => {
    const { page } = await getPage(`/compare?a=${grpoId}&b=${baseId}`);
    const json = (await (await api(hrefOf(page, 'json-link'))).json()) as {
      points: { k: number; a: number; b: number; diff: number; low: number; high: number }[];
    };
    const csv = csvRows(await (await api(hrefOf(page, 'csv-link'))).text());
    expect(csv[0]).toEqual(['k', 'a', 'b', 'diff', 'low', 'high']);
    expect(csv.slice(1)).toEqual(
      json.points.map((point) => [point.k, point.a, point.b, point.diff, point.low, point.high].map(String)),
    );
    expect(json.points.map((point) => point.k)).toEqual([1, 2, 4, 8]);
  });

  it('offers a form without runs, and a 404 page for a missing run', async () => {
    const empty = await getPage('/compare');
    expect(empty.response.status).toBe(200);
    expect(empty.page).toContain('<form class="filters" method="get" action="/compare">');
    const missing = await getPage(`/compare?a=${grpoId}&b=run_00000000000000000000`);
    expect(missing.response.status).toBe(404);
    expectPageHeaders(missing.response);
  });
});

describe('GET /assets/pages.js', () => {
  it('serves the progressive script from our origin', async () => {
    const response = await api('/assets/pages.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toContain("querySelectorAll('table.sortable')");
  });
});
