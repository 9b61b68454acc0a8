import { compareRuns, type RunProblem } from '@crossover/metrics';
import { beforeAll, describe, expect, it } from 'vitest';
import { gsm8kRecords, SAMPLING } from './fixtures.js';
import { api, bearer, expectError, issueKey, postJson } from './helpers.js';

interface Plan {
  width: number;
  behind: 'a' | 'b' | null;
  current: { samples: number; low: number | null; high: number | null };
  samples_per_problem: number | null;
  note: string;
}

let a: string;
let b: string;
let problemsA: RunProblem[];
let problemsB: RunProblem[];

async function scoredRun(key: string, salt: string, correct: (i: number, j: number) => boolean) {
  const response = await postJson(
    '/v1/runs',
    {
      model: `plan/${salt}`,
      method: 'other',
      sampling: SAMPLING,
      task: 'gsm8k',
      taskset: 'gsm8k/test',
      records: gsm8kRecords(60, 8, correct, `plan-${salt}`),
    },
    bearer(key),
  );
  expect(response.status).toBe(201);
  const id = ((await response.json()) as { id: string }).id;
  const page = (await (await api(`/v1/runs/${id}/problems?limit=1000`)).json()) as { problems: RunProblem[] };
  const rows = page.problems.map(({ problem_id, n, c }) => ({ problem_id, n, c }));
  return { id, rows };
}

beforeAll(async () => {
  const key = await issueKey('plan');
  // a: sharp on two thirds of the problems, nothing on the rest; b: one sample in eight on every problem.
  ({ id: a, rows: problemsA } = await scoredRun(key, 'sharp', (i, j) => i % 3 !== 2 && j < 5));
  ({ id: b, rows: problemsB } = await scoredRun(key, 'broad', (_i, j) => j === 0 || j === 7));
});

describe('the sample-size plan of /v1/compare', () => {
  it('is the metrics plan over the problems both runs scored, at the width asked (default 1)', async () => {
    const body = (await (await api(`/v1/compare?a=${a}&b=${b}`)).json()) as {
      k: number[];
      sample_size_plan: Plan;
    };
    const expected = compareRuns(problemsA, problemsB, body.k, { seed: 0 }).sample_size_plan;
    expect(body.sample_size_plan).toEqual(expected);
    expect(body.sample_size_plan).toMatchObject({ width: 1, behind: 'b', current: { samples: 8 } });
    const zero = (await (await api(`/v1/compare?a=${a}&b=${b}&plan_width=0`)).json()) as {
      sample_size_plan: Plan;
    };
    expect(zero.sample_size_plan).toEqual(
      compareRuns(problemsA, problemsB, body.k, { seed: 0, planWidth: 0 }).sample_size_plan,
    );
  });

  it('refuses a bad plan_width with the error envelope, naming it', async () => {
    for (const bad of ['-1', '11', 'wide']) {
      const error = await expectError(
        await api(`/v1/compare?a=${a}&b=${b}&plan_width=${bad}`),
        422,
        'invalid_request',
      );
      expect(error.field).toBe('query.plan_width');
    }
  });

  it('is on the compare page, with the plan width in the form and the data links', async () => {
    const page = await (await api(`/compare?a=${a}&b=${b}&plan_width=0.5`)).text();
    expect(page).toContain('How many samples per problem?');
    expect(page).toContain('within 0.5 doubling(s) of k');
    expect(page).toContain('<td>8 (today)</td>');
    expect(page).toContain('name="plan_width" type="number" min="0" max="10" step="0.5" value="0.5"');
    expect(page).toContain(`/v1/compare?a=${a}&amp;b=${b}&amp;plan_width=0.5`);
  });
});
