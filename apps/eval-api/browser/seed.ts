import { loadShippedTaskset, solveCountdown } from '@crossover/tasks';
import { GSM8K_PROBLEMS, SAMPLING } from '../test/fixtures.js';

export const ADMIN_SECRET = 'browser-admin-secret-0123456789';
export const BASE_MODEL = 'Qwen/Qwen2.5-1.5B';
export const PROBLEMS = 30;
export const SAMPLES = 16;
export const HOSTILE_MODEL = 'lab/<script>alert(1)</script>';

interface SeedRun {
  model: string;
  method: string;
  step?: number;
  notes?: string;
  sampling?: typeof SAMPLING;
  provenance?: Record<string, unknown>;
  /** correct samples of problem i, out of SAMPLES */
  correct: (problem: number) => number;
  /** every other correct sample says "The answer is N." without "#### N": the strict modes miss it */
  terse?: boolean;
}

// "base" solves every problem now and then (1 to 4 samples in 16): low pass@1, high pass@16. "grpo" solves
// 60% of the problems every time: pass@k = 0.6 at every k. The base curve overtakes at k = 8.
export const RUNS = {
  base: { model: 'Qwen/Qwen2.5-1.5B', method: 'base', correct: (i) => 1 + (i % 4) },
  grpo: { model: 'lab/qwen-grpo', method: 'grpo', step: 400, correct: (i) => (i < 18 ? SAMPLES : 0) },
  // sampled hotter, with another prompt template: comparing it with the base is not like for like
  sft: {
    model: 'lab/qwen-sft',
    method: 'sft',
    step: 1000,
    sampling: { ...SAMPLING, temperature: 1 },
    terse: true,
    provenance: {
      model_revision: 'step-1000',
      prompt_template: { name: 'gsm8k-chat' },
      generator: { name: 'vllm', version: '0.8.5' },
    },
    correct: (i) => (i < 12 ? 12 : 3),
  },
  hostile: { model: HOSTILE_MODEL, method: 'other', notes: '<b>bold?</b>', correct: (i) => i % 3 },
} satisfies Record<string, SeedRun>;

function answerOf(index: number): string {
  return String((GSM8K_PROBLEMS[index]!.reference as { answer: string }).answer);
}

/** Records of a run: correct answers are shorter (60-180 tokens) than incorrect ones (150-400). */
function recordsOf(run: SeedRun) {
  const records = [];
  for (let i = 0; i < PROBLEMS; i++) {
    const correct = run.correct(i);
    for (let j = 0; j < SAMPLES; j++) {
      const isCorrect = j < correct;
      const answer = isCorrect ? answerOf(i) : `${answerOf(i)}1`;
      const spread = (i * 31 + j * 17) % 121;
      records.push({
        problem_id: GSM8K_PROBLEMS[i]!.id,
        completion:
          run.terse && isCorrect && j % 2 === 1
            ? `${run.model} thinks step by step. The answer is ${answer}.`
            : `${run.model} thinks step by step. The answer is ${answer}.\n#### ${answer}`,
        num_tokens: isCorrect ? 60 + spread : 150 + spread * 2,
        sample_index: j,
      });
    }
  }
  return records;
}

async function postJson(origin: string, path: string, body: unknown, token: string): Promise<unknown> {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Seeds the runs through the real API: a key from the admin secret, then one inline run each. */
export async function seedRuns(origin: string): Promise<Record<keyof typeof RUNS, string>> {
  const { key } = (await postJson(origin, '/v1/keys', { name: 'browser-tests' }, ADMIN_SECRET)) as {
    key: string;
  };
  const ids: Partial<Record<keyof typeof RUNS, string>> = {};
  for (const [name, run] of Object.entries(RUNS) as [keyof typeof RUNS, SeedRun][]) {
    const created = (await postJson(
      origin,
      '/v1/runs',
      {
        model: run.model,
        base_model: BASE_MODEL,
        method: run.method,
        ...(run.step === undefined ? {} : { step: run.step }),
        ...(run.notes === undefined ? {} : { notes: run.notes }),
        ...(run.provenance === undefined ? {} : { provenance: run.provenance }),
        sampling: run.sampling ?? SAMPLING,
        task: 'gsm8k',
        taskset: 'gsm8k/test',
        records: recordsOf(run),
      },
      key,
    )) as { id: string; status: string };
    if (created.status !== 'scored') throw new Error(`run ${name} is ${created.status}`);
    ids[name] = created.id;
  }
  return ids as Record<keyof typeof RUNS, string>;
}

/** countdown/easy records: a solution where `correct` says so, else a wrong sum; `tokens` sets each length. */
function countdownRecords(
  correct: (i: number, j: number) => boolean,
  tokens: (i: number, j: number, isCorrect: boolean) => number = (i, j) => 40 + ((i + j) % 9),
) {
  const problems = loadShippedTaskset('countdown/easy').problems.slice(0, PROBLEMS);
  return problems.flatMap((problem, i) => {
    const { numbers, target } = problem.reference as { numbers: number[]; target: number };
    const [solution] = solveCountdown(numbers, target);
    return Array.from({ length: SAMPLES }, (_, j) => ({
      problem_id: problem.id,
      completion: `<answer>${correct(i, j) ? solution : numbers.join(' + ')}${correct(i, j) ? '' : ' + 100'}</answer>`,
      num_tokens: tokens(i, j, correct(i, j)),
      sample_index: j,
    }));
  });
}

/**
 * Checkpoints of one model at steps 10, 20 and 30 on countdown/easy: each solves more problems, and its
 * incorrect answers grow longer while the correct ones stay put (the shape a trajectory page should show).
 */
export async function seedCheckpoints(origin: string): Promise<{ model: string; ids: string[] }> {
  const { key } = (await postJson(origin, '/v1/keys', { name: 'browser-checkpoints' }, ADMIN_SECRET)) as {
    key: string;
  };
  const model = 'lab/tiny-grpo-checkpoints';
  const ids: string[] = [];
  for (const step of [10, 20, 30]) {
    const records = countdownRecords(
      (i, j) => i < step / 2 || j === 0,
      (i, j, isCorrect) => (isCorrect ? 40 + ((i + j) % 5) : 40 + step + ((i + j) % 5)),
    );
    const run = (await postJson(
      origin,
      '/v1/runs',
      {
        model,
        method: 'grpo',
        step,
        sampling: SAMPLING,
        task: 'countdown',
        taskset: 'countdown/easy',
        records,
      },
      key,
    )) as { id: string };
    ids.push(run.id);
  }
  return { model, ids };
}

/**
 * Two countdown/easy runs shaped like the ones `npm start` submits (an SFT base and GRPO from it), seeded
 * after the others so that they are the latest: GRPO solves 20 of 30 problems every time, the base each
 * problem in 4 of 16 samples, so the base catches up at large k.
 */
export async function seedDemoRuns(origin: string): Promise<{ sft: string; grpo: string }> {
  const { key } = (await postJson(origin, '/v1/keys', { name: 'browser-demo' }, ADMIN_SECRET)) as {
    key: string;
  };
  const create = async (model: string, method: string, correct: (i: number, j: number) => boolean) =>
    (
      (await postJson(
        origin,
        '/v1/runs',
        {
          model,
          ...(method === 'grpo' ? { base_model: 'demo-tiny-sft', step: 30 } : {}),
          method,
          sampling: SAMPLING,
          task: 'countdown',
          taskset: 'countdown/easy',
          records: countdownRecords(correct),
        },
        key,
      )) as { id: string }
    ).id;
  const sft = await create('demo-tiny-sft', 'sft', (_i, j) => j < 4);
  const grpo = await create('demo-tiny-grpo', 'grpo', (i) => i < 20);
  return { sft, grpo };
}
