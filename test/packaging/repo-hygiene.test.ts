// The repository holds source, not the state that running it leaves behind.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startLocalWorker } from '../../apps/eval-api/scripts/local-worker.mjs';
import { root } from '../e2e/support.js';

describe('repository hygiene', () => {
  it('tracks no local runtime state (Miniflare/wrangler persist folders, sqlite files, run outputs)', () => {
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
    const state = files.filter(
      (file) =>
        /(^|\/)(undefined|wrangler-state|\.wrangler|runs|experiments)\//.test(file) ||
        /\.sqlite(-shm|-wal)?$/.test(file),
    );
    expect(state).toEqual([]);
  });

  it('refuses a persist path that is not a folder name, before creating anything', async () => {
    for (const persistDir of ['', 42 as unknown as string])
      await expect(startLocalWorker({ persistDir })).rejects.toThrow('persistDir must be a folder path');
  });
});
