import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { modesFor, TASKS, VerifierOptionError, verifierVersion, verifierVersions } from '../index.js';
import { parseCorpus, verdictDigest } from './verdict-digest.js';

const corpus = parseCorpus(readFileSync(new URL('./corpus.jsonl', import.meta.url), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('./versions.lock.json', import.meta.url), 'utf8')) as {
  [key: string]: { version: number; verdicts: string };
};

describe('verifier versions', () => {
  it('gives every mode of every task a version', () => {
    for (const task of TASKS) {
      expect(Object.keys(verifierVersions(task)).sort()).toEqual([...modesFor(task)].sort());
      for (const mode of modesFor(task)) expect(Number.isSafeInteger(verifierVersion(task, mode))).toBe(true);
    }
    expect(() => verifierVersion('gsm8k', 'exact')).toThrow(VerifierOptionError);
  });

  // The guard: a change to any mode's verdicts on the corpus fails here until the mode's version is bumped
  // (src/versions/versions.ts) and the lock re-written (`npm run build && npm run lock-verdicts`).
  describe.each(TASKS.flatMap((task) => modesFor(task).map((mode) => [task, mode] as const)))(
    '%s/%s',
    (task, mode) => {
      it('judges the corpus as its locked version did', () => {
        const locked = lock[`${task}/${mode}`];
        expect(locked, `no lock for ${task}/${mode}: run npm run lock-verdicts`).toBeDefined();
        const digest = verdictDigest(corpus, task, mode);
        const version = verifierVersion(task, mode);
        if (locked!.version === version)
          expect(
            digest,
            `${task}/${mode}'s verdicts changed: bump its version in src/versions/versions.ts, then run npm run lock-verdicts`,
          ).toBe(locked!.verdicts);
        else
          expect.fail(
            `${task}/${mode} is at version ${version}, the lock at ${locked!.version}: run npm run lock-verdicts`,
          );
      });
    },
  );

  it('has a corpus that tells the modes apart (only openai and tinyzero agree everywhere, by design)', () => {
    const digests = new Map<string, string[]>();
    for (const task of TASKS)
      for (const mode of modesFor(task)) {
        const digest = verdictDigest(corpus, task, mode);
        digests.set(digest, [...(digests.get(digest) ?? []), `${task}/${mode}`]);
      }
    expect([...digests.values()].filter((modes) => modes.length > 1)).toEqual([
      ['gsm8k/openai', 'gsm8k/tinyzero'],
    ]);
  });
});
