import { loadShippedTaskset } from '@crossover/tasks';

export interface TestRecord {
  problem_id: string;
  completion: string;
  num_tokens?: number;
  sample_index?: number;
}

const gsm8k = loadShippedTaskset('gsm8k/test');

export const GSM8K_PROBLEMS = gsm8k.problems;

function answerOf(index: number): string {
  const problem = GSM8K_PROBLEMS[index];
  if (!problem) throw new Error(`no gsm8k problem ${index}`);
  return String((problem.reference as { answer: string }).answer);
}

/**
 * GSM8K generation records: `samples` per problem for the first `problems` problems; sample j of problem i is
 * correct when `correct(i, j)` says so (a wrong answer is the reference with "1" appended).
 */
export function gsm8kRecords(
  problems: number,
  samples: number,
  correct: (problem: number, sample: number) => boolean,
  salt = '',
): TestRecord[] {
  const records: TestRecord[] = [];
  for (let i = 0; i < problems; i++) {
    const problem = GSM8K_PROBLEMS[i]!;
    for (let j = 0; j < samples; j++) {
      const answer = correct(i, j) ? answerOf(i) : `${answerOf(i)}1`;
      const completion = `Let me think step by step${salt}. The answer is ${answer}.\n#### ${answer}`;
      records.push({ problem_id: problem.id, completion, num_tokens: 10 + ((i + j) % 7), sample_index: j });
    }
  }
  return records;
}

export function toNdjson(records: readonly unknown[]): string {
  return records.map((record) => JSON.stringify(record)).join('\n') + '\n';
}

export const SAMPLING = { temperature: 0.7, top_p: 0.95, max_tokens: 512, seed: 1 };
