// The official GSM8K JSONL ({"question", "answer"} a line, the answer ending in `#### N`) into Problems.
import { DatasetFormatError, isPlainObject, parseJsonlRecords } from '../jsonl.js';
import type { Gsm8kProblem, PromptTemplate } from '../problem.js';
import { gsm8kPrompt } from './prompt.js';

/** SHA-256 of the official files of openai/grade-school-math (grade_school_math/data/*.jsonl). */
export const GSM8K_OFFICIAL_SHA256 = {
  train: '17f347dc51477c50d4efb83959dbb7c56297aba886e5544ee2aaed3024813465',
  test: '3730d312f6e3440559ace48831e51066acaca737f6eabec99bccb9e4b3c39d14',
} as const;

export const GSM8K_OFFICIAL_SIZES = { train: 7473, test: 1319 } as const;

export const GSM8K_OFFICIAL_URLS = {
  train:
    'https://raw.githubusercontent.com/openai/grade-school-math/master/grade_school_math/data/train.jsonl',
  test: 'https://raw.githubusercontent.com/openai/grade-school-math/master/grade_school_math/data/test.jsonl',
} as const;

export type Gsm8kSplit = keyof typeof GSM8K_OFFICIAL_SHA256;

const MARKER = '####';

/** The gold answer: the text after the last `####`, trimmed, commas kept; null when there is none. */
export function gsm8kGoldAnswer(answerText: string): string | null {
  const at = answerText.lastIndexOf(MARKER);
  if (at < 0) return null;
  const gold = answerText.slice(at + MARKER.length).trim();
  return gold === '' ? null : gold;
}

export interface Gsm8kParseOptions {
  /** The split name used in ids: `gsm8k/<split>/<index>`. */
  split: string;
  /** Names the data in error messages (a path or URL). */
  source?: string;
  template?: PromptTemplate;
}

/** Parses GSM8K JSONL text; ids count records from 0 in file order. Errors name the line. */
export function parseGsm8kJsonl(text: string, options: Gsm8kParseOptions): Gsm8kProblem[] {
  const source = options.source ?? `gsm8k ${options.split}`;
  return parseJsonlRecords(text, source).map(({ line, value }, index) => {
    if (!isPlainObject(value) || typeof value.question !== 'string' || typeof value.answer !== 'string') {
      throw new DatasetFormatError(
        source,
        line,
        'expected an object with string fields "question" and "answer"',
      );
    }
    const answer = gsm8kGoldAnswer(value.answer);
    if (answer === null) throw new DatasetFormatError(source, line, 'answer has no gold value after "####"');
    return {
      id: `gsm8k/${options.split}/${index}`,
      task: 'gsm8k',
      prompt: gsm8kPrompt(value.question, options.template),
      reference: { answer },
      question: value.question,
      solution: value.answer,
    };
  });
}

/** The dataset's solution without its calculator annotations (`<<16-3-4=9>>`), still ending in `#### N`. */
export function stripCalculatorAnnotations(solution: string): string {
  return solution.replace(/<<[^<>]*>>/g, '');
}

/**
 * The SFT completion for a problem: its gold solution without calculator annotations. For the `base`
 * template it starts with a space, since the prompt ends in `Answer:`.
 */
export function gsm8kSftTarget(
  problem: Pick<Gsm8kProblem, 'id' | 'solution'>,
  template: PromptTemplate = 'base',
): string {
  if (problem.solution === undefined) throw new Error(`problem ${problem.id} carries no solution text`);
  const text = stripCalculatorAnnotations(problem.solution);
  return template === 'base' ? ` ${text}` : text;
}
