// Node-only (node:crypto): the verdict lock's digest, shared by versions.test.ts and scripts/lock-verdicts.mjs.
import { createHash } from 'node:crypto';
import { type Task, verify } from '../index.js';

export interface CorpusLine {
  task: Task;
  completion: string;
  reference: unknown;
  prompt?: string;
}

/** SHA-256 of one mode's verdicts on the task's corpus lines, in order. */
export function verdictDigest(corpus: readonly CorpusLine[], task: Task, mode: string): string {
  const hash = createHash('sha256');
  for (const line of corpus) {
    if (line.task !== task) continue;
    const v = verify(task, line.completion, line.reference, { mode, prompt: line.prompt });
    hash.update(
      `${JSON.stringify([v.correct, v.score, v.format_ok, v.extracted, v.reason, v.run_on ?? false])}\n`,
    );
  }
  return hash.digest('hex');
}

export function parseCorpus(text: string): CorpusLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusLine);
}
