// Paths of the importer fixtures (packages/cli/test-fixtures/*, each made by the script beside it) and the
// Report every one of them scores to: gsm8k/test problems 0-3, four samples each, 4, 2, 1 and 0 correct.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadShippedTaskset, type ScorableProblem } from '@crossover/tasks';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../test-fixtures');

export const FIXTURES = {
  'lm-eval': join(fixtures, 'lm-eval/samples_gsm8k_2026-05-05T12-00-00.000000.jsonl'),
  prompt: join(fixtures, 'prompt/generations.jsonl'),
  verl: join(fixtures, 'verl/gsm8k-generation.parquet'),
  lighteval: join(fixtures, 'lighteval/details_gsm8k_0_2026-05-05T12-00-00.000000.parquet'),
} as const;

export const TOKENIZER = join(fixtures, 'tokenizer/tokenizer.json');

/** What the fixtures score to: pass@1 = (4/4 + 2/4 + 1/4 + 0/4) / 4. */
export const EXPECTED = { problems: 4, samples: 16, correct: 7, passAt1: 0.4375 };

export function gsm8kProblems(): ReadonlyMap<string, ScorableProblem> {
  return new Map(loadShippedTaskset('gsm8k/test').problems.map((problem) => [problem.id, problem]));
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'crossover-records-'));
}
