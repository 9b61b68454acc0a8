import { shippedTasksets } from '@crossover/tasks';
import { modesFor } from '@crossover/verifiers';
import { describe, expect, it } from 'vitest';
import { api } from './helpers.js';

describe('GET /v1/tasks', () => {
  it('lists the registered tasksets and the verifier modes of each task', async () => {
    const response = await api('/v1/tasks');
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      tasks: Array<{
        task: string;
        modes: string[];
        default_mode: string;
        tasksets: Array<Record<string, unknown>>;
      }>;
    };
    expect(body.tasks.map((task) => task.task)).toEqual(['gsm8k', 'countdown']);
    const gsm8k = body.tasks[0]!;
    expect(gsm8k.modes).toEqual([...modesFor('gsm8k')]);
    const expected = shippedTasksets().find((taskset) => taskset.task === 'gsm8k')!;
    expect(gsm8k.tasksets).toEqual([
      {
        name: 'gsm8k/test',
        task: 'gsm8k',
        split: 'test',
        version: expected.version,
        size: 1319,
        digest: expected.digest,
      },
    ]);
    expect(body.tasks[1]!.tasksets.map((taskset) => [taskset.name, taskset.size])).toEqual([
      ['countdown/test', 1024],
      ['countdown/easy', 512],
    ]);
  });
});

describe('GET /openapi.json', () => {
  it('documents every endpoint from the zod schemas', async () => {
    const response = await api('/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'GET /v1/tasks',
        'GET /v1/trajectory',
        'POST /v1/score',
        'POST /v1/keys',
        'DELETE /v1/keys/{id}',
        'POST /v1/runs',
        'GET /v1/runs/{id}',
        'DELETE /v1/runs/{id}',
        'GET /v1/runs/{id}/problems',
        'GET /v1/runs/{id}/modes',
        'PUT /v1/runs/{id}/generations',
        'PUT /v1/runs/{id}/generations/{part}',
        'GET /v1/runs/{id}/parts',
        'GET /v1/runs/{id}/generations',
        'POST /v1/runs/{id}/finalize',
        'POST /v1/runs/{id}/rescore',
        'GET /v1/leaderboard',
        'GET /v1/compare',
      ].sort(),
    );
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['ScoreRequest', 'GenerationRecord', 'Report', 'Run', 'RunCreate', 'Error']),
    );
  });
});
