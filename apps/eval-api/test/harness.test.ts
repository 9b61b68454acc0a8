import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('test harness', () => {
  it('runs inside workerd with the migrated local D1', async () => {
    const { results } = await env.DB.prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '_cf%' ORDER BY name",
    ).all<{ name: string }>();
    expect(results.map((row) => row.name)).toEqual([
      'api_keys',
      'board_version',
      'd1_migrations',
      'idempotency_keys',
      'run_chunks',
      'run_modes',
      'run_parts',
      'run_problems',
      'runs',
    ]);
  });

  it('has a local R2 bucket', async () => {
    await env.GENERATIONS.put('harness/x', 'hello');
    const object = await env.GENERATIONS.get('harness/x');
    expect(await object?.text()).toBe('hello');
  });
});
