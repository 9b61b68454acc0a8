import { describe, expect, it } from 'vitest';
import { type Bindings, MAX_SCORE_BYTES_CEILING, settingsFrom } from './env.js';

/** Bindings with every resource present (their methods are never called) and the given vars. */
function bindings(vars: Partial<Bindings> = {}): Bindings {
  const stub = (method: string) => ({ [method]: () => undefined });
  return {
    DB: stub('prepare'),
    GENERATIONS: stub('put'),
    SCORING_QUEUE: stub('send'),
    SCORE_RATE_LIMITER: stub('limit'),
    WRITE_RATE_LIMITER: stub('limit'),
    ADMIN_RATE_LIMITER: stub('limit'),
    ...vars,
  } as unknown as Bindings;
}

describe('settingsFrom', () => {
  it('keeps /v1/score bodies and queue chunks to what a 128 MB isolate holds', () => {
    const settings = settingsFrom(bindings());
    expect(settings.maxScoreBytes).toBe(8 * 1024 * 1024);
    expect(settings.chunkBytes).toBe(8 * 1024 * 1024);
    expect(settings.chunkRecords).toBe(5000);
  });

  it('refuses a deployment whose MAX_SCORE_BYTES is over the measured ceiling', () => {
    expect(settingsFrom(bindings({ MAX_SCORE_BYTES: String(MAX_SCORE_BYTES_CEILING) })).maxScoreBytes).toBe(
      MAX_SCORE_BYTES_CEILING,
    );
    expect(() => settingsFrom(bindings({ MAX_SCORE_BYTES: String(32 * 1024 * 1024) }))).toThrow(
      /MAX_SCORE_BYTES/,
    );
  });
});
