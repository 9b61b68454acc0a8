// A taskset file: JSONL, one problem a line, `{id, task, prompt?, reference}` plus optional fields
// (`question` and `solution` for GSM8K, `solutions` for Countdown). A missing prompt is rendered from the
// task's template where the file carries what it needs (Countdown always; GSM8K with a `question`).
import { countdownPrompt } from '../countdown/prompt.js';
import { gsm8kPrompt } from '../gsm8k/prompt.js';
import { DatasetFormatError, isPlainObject, parseJsonlRecords } from '../jsonl.js';
import type { CountdownProblem, Gsm8kProblem, PromptTemplate, TaskProblem } from '../problem.js';

type Fail = (detail: string) => never;

function optionalString(record: Record<string, unknown>, field: string, fail: Fail): string | undefined {
  const value = record[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`"${field}" must be a string`);
  return value as string;
}

function gsm8kProblem(
  id: string,
  record: Record<string, unknown>,
  template: PromptTemplate,
  fail: Fail,
): Gsm8kProblem {
  const reference = record.reference;
  if (!isPlainObject(reference) || typeof reference.answer !== 'string' || reference.answer.trim() === '') {
    fail('gsm8k reference must be {"answer": non-empty string}');
  }
  const question = optionalString(record, 'question', fail);
  const solution = optionalString(record, 'solution', fail);
  const prompt =
    optionalString(record, 'prompt', fail) ?? (question === undefined ? '' : gsm8kPrompt(question, template));
  const problem: Gsm8kProblem = {
    id,
    task: 'gsm8k',
    prompt,
    reference: { answer: (reference as { answer: string }).answer },
    question: question ?? '',
  };
  if (solution !== undefined) problem.solution = solution;
  return problem;
}

function countdownProblem(
  id: string,
  record: Record<string, unknown>,
  template: PromptTemplate,
  fail: Fail,
): CountdownProblem {
  const reference = record.reference;
  const valid =
    isPlainObject(reference) &&
    Number.isSafeInteger(reference.target) &&
    Array.isArray(reference.numbers) &&
    reference.numbers.length > 0 &&
    reference.numbers.every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
  if (!valid)
    fail(
      'countdown reference must be {"target": integer, "numbers": non-empty array of non-negative integers}',
    );
  const { target, numbers } = reference as { target: number; numbers: number[] };
  const solutions = record.solutions;
  if (solutions !== undefined && !(Number.isSafeInteger(solutions) && (solutions as number) >= 0)) {
    fail('"solutions" must be a non-negative integer');
  }
  const prompt = optionalString(record, 'prompt', fail) ?? countdownPrompt({ target, numbers }, template);
  const problem: CountdownProblem = {
    id,
    task: 'countdown',
    prompt,
    reference: { target, numbers: [...numbers] },
  };
  if (solutions !== undefined) problem.solutions = solutions as number;
  return problem;
}

export interface ProblemsParseOptions {
  /** Names the data in error messages (a path, a URL, "request body"). */
  source?: string;
  /** Template for prompts the file leaves out. Default `base`. */
  template?: PromptTemplate;
}

/** Parses a taskset file: one task, unique ids; errors name the line. */
export function parseProblemsJsonl(text: string, options: ProblemsParseOptions = {}): TaskProblem[] {
  const source = options.source ?? 'taskset';
  const template = options.template ?? 'base';
  const seen = new Set<string>();
  let task: string | undefined;
  const problems = parseJsonlRecords(text, source).map(({ line, value }) => {
    const fail: Fail = (detail) => {
      throw new DatasetFormatError(source, line, detail);
    };
    if (!isPlainObject(value)) fail('expected a JSON object');
    const record = value as Record<string, unknown>;
    const id = record.id;
    if (typeof id !== 'string' || id === '') fail('"id" must be a non-empty string');
    if (seen.has(id as string)) fail(`duplicate id ${JSON.stringify(id)}`);
    seen.add(id as string);
    if (record.task !== 'gsm8k' && record.task !== 'countdown') fail('"task" must be "gsm8k" or "countdown"');
    task ??= record.task as string;
    if (record.task !== task)
      fail(`a taskset holds one task; this line is ${record.task}, earlier lines ${task}`);
    return record.task === 'gsm8k'
      ? gsm8kProblem(id as string, record, template, fail)
      : countdownProblem(id as string, record, template, fail);
  });
  if (problems.length === 0) throw new DatasetFormatError(source, 0, 'no problems');
  return problems;
}
