import { beforeAll, describe, expect, it } from 'vitest';
import { gsm8kRecords, SAMPLING } from './fixtures.js';
import { api, bearer, expectError, issueKey, postJson } from './helpers.js';

// One model at steps 300, 100 and 200 (created out of order) on 10 problems x 4 samples: step s solves the
// first s / 50 problems every time, so pass@1 is 0.2, 0.4, 0.6 by step.
const MODEL = `trajectory/model-${crypto.randomUUID()}`;
const ids: Record<number, string> = {};

beforeAll(async () => {
  const key = await issueKey('trajectory');
  for (const step of [300, 100, 200]) {
    const response = await postJson(
      '/v1/runs',
      {
        model: MODEL,
        method: 'grpo',
        step,
        sampling: SAMPLING,
        task: 'gsm8k',
        taskset: 'gsm8k/test',
        records: gsm8kRecords(10, 4, (i) => i < step / 50, `${MODEL}-${step}`),
      },
      bearer(key),
    );
    expect(response.status).toBe(201);
    ids[step] = ((await response.json()) as { id: string }).id;
  }
  // the same model without a step is not a checkpoint of the trajectory
  const unstepped = await postJson(
    '/v1/runs',
    {
      model: MODEL,
      method: 'grpo',
      sampling: SAMPLING,
      task: 'gsm8k',
      taskset: 'gsm8k/test',
      records: gsm8kRecords(10, 4, () => true, `${MODEL}-none`),
    },
    bearer(key),
  );
  expect(unstepped.status).toBe(201);
});

interface Trajectory {
  model: string;
  taskset: string;
  k: number;
  points: Array<{
    run_id: string;
    step: number;
    pass_at_1: number;
    pass_at_k: number;
    mean_length_correct: number;
  }>;
}

describe('GET /v1/trajectory', () => {
  it("lists the model's checkpoints in step order with pass@1, pass@k and lengths", async () => {
    const response = await api(`/v1/trajectory?task=gsm8k&model=${encodeURIComponent(MODEL)}&k=4`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Trajectory;
    expect([body.model, body.taskset, body.k]).toEqual([MODEL, 'gsm8k/test', 4]);
    expect(body.points.map((p) => [p.run_id, p.step, p.pass_at_1, p.pass_at_k])).toEqual([
      [ids[100], 100, 0.2, 0.2],
      [ids[200], 200, 0.4, 0.4],
      [ids[300], 300, 0.6, 0.6],
    ]);
    for (const point of body.points) expect(point.mean_length_correct).toBeGreaterThan(0);
  });

  it('answers an unknown model with no points, and bad parameters with 422 naming the field', async () => {
    const none = (await (await api('/v1/trajectory?task=gsm8k&model=nobody')).json()) as Trajectory;
    expect(none.points).toEqual([]);
    for (const [path, field] of [
      ['/v1/trajectory?task=gsm8k', 'query.model'],
      ['/v1/trajectory?task=chess&model=m', 'query.task'],
      ['/v1/trajectory?task=gsm8k&model=m&k=0', 'query.k'],
      ['/v1/trajectory?task=gsm8k&model=m&taskset=gsm8k/nope', 'query.taskset'],
    ]) {
      const error = await expectError(await api(path!), 422, 'invalid_request');
      expect([path, error.field]).toEqual([path, field]);
    }
  });
});

describe('/trajectory', () => {
  it('plots pass@k and the lengths against the step, with the checkpoints table and its CSV', async () => {
    const page = await (await api(`/trajectory?task=gsm8k&model=${encodeURIComponent(MODEL)}`)).text();
    expect(page).toContain(`<h1>Trajectory: ${MODEL}</h1>`);
    // without a k, the largest every checkpoint has: 4 samples a problem
    expect(page).toContain('<option value="4" selected>4</option>');
    expect(page).toContain('pass@1 and pass@4 by training step');
    expect(page).toContain('mean answer length by training step');
    expect([...page.matchAll(/<tr data-run="(run_[0-9a-f]+)">/g)].map((m) => m[1])).toEqual([
      ids[100],
      ids[200],
      ids[300],
    ]);
    const csv = await (await api(`/trajectory.csv?task=gsm8k&model=${encodeURIComponent(MODEL)}&k=2`)).text();
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'step,run_id,method,k,pass_at_1,pass_at_k,ci_low,ci_high,length_unit,mean_length_correct,mean_length_incorrect',
    );
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 4))).toEqual([
      ['100', ids[100], 'grpo', '2'],
      ['200', ids[200], 'grpo', '2'],
      ['300', ids[300], 'grpo', '2'],
    ]);
  });

  it('is linked from the run page of each checkpoint, and says so when the model has none', async () => {
    const run = await (await api(`/runs/${ids[200]}`)).text();
    expect(run).toContain(
      `href="/trajectory?task=gsm8k&amp;taskset=gsm8k%2Ftest&amp;model=${encodeURIComponent(MODEL)}"`,
    );
    const empty = await (await api('/trajectory?task=gsm8k&model=nobody')).text();
    expect(empty).toContain('No scored runs of nobody on gsm8k/test name a training step.');
    const form = await api('/trajectory');
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<h1>Trajectory of a model</h1>');
    expect((await api('/trajectory?task=gsm8k&model=m&k=zero')).status).toBe(422);
  });
});
