import { type Gsm8kProblem, loadShippedTaskset, scoreGenerations } from '@crossover/tasks';
import { describe, expect, it } from 'vitest';
import { gsm8kRecords, toNdjson } from './fixtures.js';
import { api, expectError, postJson } from './helpers.js';

const gsm8k = loadShippedTaskset('gsm8k/test');
const problems = new Map(gsm8k.problems.map((problem) => [problem.id, problem]));

/** What `crossover score` computes on the same records: the API must return exactly this. */
function directReport(records: ReturnType<typeof gsm8kRecords>, k?: number[], detail = false) {
  return scoreGenerations({ task: 'gsm8k', taskset: gsm8k.taskset, problems, records, k, detail }).report;
}

// Problem i has min(i % 9, 8) correct samples of 8: a spread of pass@k values.
const records = gsm8kRecords(40, 8, (i, j) => j < i % 9);

describe('POST /v1/score', () => {
  it('returns the same Report as scoreGenerations on the same JSON records', async () => {
    const response = await postJson('/v1/score', { task: 'gsm8k', taskset: 'gsm8k/test', records });
    expect(response.status).toBe(200);
    const report = await response.json();
    expect(report).toEqual(directReport(records));
    expect(report).not.toHaveProperty('per_problem');
  });

  it('returns per-problem rows only with ?detail=1, and honours k', async () => {
    const response = await postJson('/v1/score?detail=1', {
      task: 'gsm8k',
      taskset: 'gsm8k/test',
      k: [1, 3, 8],
      records,
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as { k: number[]; per_problem: unknown[] };
    expect(report).toEqual(directReport(records, [1, 3, 8], true));
    expect(report.k).toEqual([1, 3, 8]);
    expect(report.per_problem).toHaveLength(40);
  });

  it('scores NDJSON with the options in the query, to the same numbers as JSON', async () => {
    const response = await api('/v1/score?task=gsm8k&taskset=gsm8k/test&k=1,2,8', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: toNdjson(records),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(directReport(records, [1, 2, 8]));
  });

  it('imports lm-evaluation-harness --log_samples NDJSON (two filter lines a document) like crossover score', async () => {
    // Documents 0..5 with `repeats: 3`: the harness writes each document once per filter, with the same resps.
    const docs = gsm8k.problems as Gsm8kProblem[];
    const lines = [0, 1, 2, 3, 4, 5].flatMap((doc) =>
      ['strict-match', 'flexible-extract'].map((filter) => ({
        doc_id: doc,
        doc: {
          question: docs[doc]!.prompt,
          answer: `...\n#### ${docs[doc]!.reference.answer}`,
        },
        resps: [[0, 1, 2].map((s) => (s <= doc % 3 ? `#### ${docs[doc]!.reference.answer}` : '#### -1'))],
        filter,
      })),
    );
    const body = lines.map((line) => JSON.stringify(line)).join('\n');
    const response = await api('/v1/score?task=gsm8k&taskset=gsm8k/test&k=1,3', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as { n_samples: number; pass_at_k: Record<string, number> };
    expect(report.n_samples).toBe(18);
    // Correct samples per document: 1, 2, 3, 1, 2, 3 of 3.
    expect(report.pass_at_k['1']).toBeCloseTo((1 / 3 + 2 / 3 + 1 + 1 / 3 + 2 / 3 + 1) / 6, 12);
    expect(report.pass_at_k['3']).toBe(1);
    const bad = await api('/v1/score?task=gsm8k&format=lm-eval', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{"completion":"x"}',
    });
    const error = await expectError(bad, 422, 'invalid_request');
    expect(error.message).toMatch(/^line 1: not an lm-evaluation-harness sample/);
  });

  it('scores records that carry their own reference without a taskset', async () => {
    const inline = [
      { completion: '#### 18', reference: { answer: '18' } },
      { completion: '#### 17', reference: { answer: '18' } },
      { completion: 'The answer is 24.\n#### 24', reference: { answer: '24' } },
    ];
    const response = await postJson('/v1/score', { task: 'gsm8k', records: inline });
    expect(response.status).toBe(200);
    const report = (await response.json()) as { taskset: unknown; n_problems: number; n_samples: number };
    expect(report).toEqual(
      scoreGenerations({ task: 'gsm8k', taskset: null, problems: null, records: inline }).report,
    );
    expect([report.taskset, report.n_problems, report.n_samples]).toEqual([null, 2, 3]);
  });

  it('finds the problem of a record that gives only its prompt', async () => {
    const [first, second] = gsm8k.problems;
    const answer = (first!.reference as { answer: string }).answer;
    const byPrompt = [
      { prompt: first!.prompt, completion: `#### ${answer}` },
      { prompt: second!.prompt, completion: '#### -1' },
    ];
    const response = await postJson('/v1/score?detail=1', {
      task: 'gsm8k',
      taskset: 'gsm8k/test',
      records: byPrompt,
    });
    expect(response.status).toBe(200);
    const report = (await response.json()) as { per_problem: Array<{ problem_id: string; c: number }> };
    expect(report.per_problem.map((row) => [row.problem_id, row.c]).sort()).toEqual([
      [first!.id, 1],
      [second!.id, 0],
    ]);
  });

  it('names the record of an unknown problem id (422)', async () => {
    const bad = [...records.slice(0, 3), { problem_id: 'gsm8k/test/999999', completion: '#### 1' }];
    const error = await expectError(
      await postJson('/v1/score', { task: 'gsm8k', taskset: 'gsm8k/test', records: bad }),
      422,
      'invalid_request',
    );
    expect(error.field).toBe('records.3');
    expect(error.message).toContain('gsm8k/test/999999');
  });

  it('names the NDJSON line of an unknown problem id and of a schema violation (422)', async () => {
    const lines = `${JSON.stringify(records[0])}\n\n${JSON.stringify({ problem_id: 'nope', completion: 'x' })}\n`;
    const unknown = await api('/v1/score?task=gsm8k', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: lines,
    });
    expect(await expectError(unknown, 422, 'invalid_request')).toMatchObject({ line: 3, field: 'records.1' });
    const typed = await api('/v1/score?task=gsm8k', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify(records[0])}\n${JSON.stringify({ problem_id: 'gsm8k/test/0', completion: 42 })}\n`,
    });
    expect(await expectError(typed, 422, 'invalid_request')).toMatchObject({
      line: 2,
      field: 'records.1.completion',
    });
  });

  it('rejects k larger than the samples per problem (422 on k)', async () => {
    const error = await expectError(
      await postJson('/v1/score', { task: 'gsm8k', taskset: 'gsm8k/test', k: [1, 16], records }),
      422,
      'invalid_request',
    );
    expect(error.field).toBe('k');
  });

  it('rejects unknown tasks, modes and tasksets, naming the field (422)', async () => {
    const task = await expectError(
      await postJson('/v1/score', { task: 'math', records }),
      422,
      'invalid_request',
    );
    expect(task.field).toBe('task');
    const mode = await expectError(
      await postJson('/v1/score', { task: 'gsm8k', mode: 'fuzzy', records }),
      422,
      'invalid_request',
    );
    expect(mode.field).toBe('mode');
    const taskset = await expectError(
      await postJson('/v1/score', { task: 'gsm8k', taskset: 'countdown/test', records }),
      422,
      'invalid_request',
    );
    expect(taskset.field).toBe('taskset');
    const ndjson = await api('/v1/score', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: '{}',
    });
    expect((await expectError(ndjson, 422, 'invalid_request')).field).toBe('query.task');
  });
});
