import { readFileSync } from 'node:fs';
import { verify } from '@crossover/verifiers';
import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../jsonl.js';
import { readFixture, sharedDataNote, sharedPath } from '../test-support.js';
import { gsm8kGoldAnswer, gsm8kSftTarget, parseGsm8kJsonl, stripCalculatorAnnotations } from './dataset.js';
import { gsm8kMessages, gsm8kPrompt } from './prompt.js';

describe('parseGsm8kJsonl on the package fixture', () => {
  const problems = parseGsm8kJsonl(readFixture('gsm8k-mini.jsonl'), { split: 'mini' });

  it('numbers ids from 0 and keeps the gold answer as written after ####', () => {
    expect(problems.map((p) => [p.id, p.reference.answer])).toEqual([
      ['gsm8k/mini/0', '66'],
      ['gsm8k/mini/1', '1,500,000'],
      ['gsm8k/mini/2', '-5'],
      ['gsm8k/mini/3', '90'],
    ]);
  });

  it('keeps question and solution and renders the prompt', () => {
    const first = problems[0]!;
    expect(first.question).toBe(
      'A baker fills 12 trays with 8 rolls each and sells 30 rolls. How many rolls are left?',
    );
    expect(first.prompt).toBe(`Question: ${first.question}\nAnswer:`);
    expect(first.solution).toBe(
      'The trays hold 12 * 8 = <<12*8=96>>96 rolls.\nAfter selling, 96 - 30 = <<96-30=66>>66 rolls are left.\n#### 66',
    );
  });

  it('builds SFT targets without calculator annotations', () => {
    expect(gsm8kSftTarget(problems[0]!)).toBe(
      ' The trays hold 12 * 8 = 96 rolls.\nAfter selling, 96 - 30 = 66 rolls are left.\n#### 66',
    );
    expect(gsm8kSftTarget(problems[1]!, 'chat')).toBe(
      'It spends 1,200 * 1,250 = $1,500,000 a month.\n#### 1,500,000',
    );
    expect(() => gsm8kSftTarget({ id: 'gsm8k/x/0' })).toThrow('problem gsm8k/x/0 carries no solution text');
  });

  it('accepts CRLF line ends, a BOM and blank lines', () => {
    const text = `\uFEFF${readFixture('gsm8k-mini.jsonl').replaceAll('\n', '\r\n')}\r\n\r\n`;
    expect(parseGsm8kJsonl(text, { split: 'mini' })).toEqual(problems);
  });
});

describe('GSM8K format errors name the line', () => {
  const good = '{"question": "q", "answer": "a\\n#### 1"}';
  it.each([
    [`${good}\n{"question": "q"`, /^fixture:2: not valid JSON/],
    [`${good}\n\n["q", "a"]`, /^fixture:3: expected an object with string fields "question" and "answer"$/],
    [
      `${good}\n{"question": "q", "answer": "no marker"}`,
      /^fixture:2: answer has no gold value after "####"$/,
    ],
    [`{"question": "q", "answer": "a\\n####  "}`, /^fixture:1: answer has no gold value after "####"$/],
  ])('%#', (text, message) => {
    const parse = () => parseGsm8kJsonl(text, { split: 'x', source: 'fixture' });
    expect(parse).toThrow(DatasetFormatError);
    expect(parse).toThrow(message);
  });
});

describe('gsm8k helpers', () => {
  it('extracts the gold after the last ####', () => {
    expect(gsm8kGoldAnswer('a #### 3\n#### 1,000 ')).toBe('1,000');
    expect(gsm8kGoldAnswer('no answer')).toBeNull();
  });

  it('strips only calculator annotations', () => {
    expect(stripCalculatorAnnotations('2 * 3 = <<2*3=6>>6 and 1 << 2')).toBe('2 * 3 = 6 and 1 << 2');
  });

  it('renders the chat prompt asking for the answer after ####', () => {
    const instruction =
      'Solve the problem step by step. Write the final answer as a number after "####", for example "#### 42".';
    expect(gsm8kPrompt('What is 2 + 2?', 'chat')).toBe(
      `<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is 2 + 2?\n${instruction}<|im_end|>\n<|im_start|>assistant\n`,
    );
    expect(gsm8kMessages('What is 2 + 2?')).toEqual([
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: `What is 2 + 2?\n${instruction}` },
    ]);
  });
});

// One more than an integer gold (commas removed), so an altered gold is always a different number.
function alteredGold(answer: string): string {
  return String(BigInt(answer.replaceAll(',', '')) + 1n);
}

describe.skipIf(!sharedDataNote())('the official GSM8K files in ../shared', () => {
  for (const [split, size] of [
    ['train', 7473],
    ['test', 1319],
  ] as const) {
    it(`${split}: every gold solution scores correct against its gold in strict mode, and wrong when altered`, () => {
      const problems = parseGsm8kJsonl(readFileSync(sharedPath(`data/gsm8k/${split}.jsonl`), 'utf8'), {
        split,
      });
      expect(problems).toHaveLength(size);
      expect(problems[size - 1]!.id).toBe(`gsm8k/${split}/${size - 1}`);
      const wrong: string[] = [];
      for (const problem of problems) {
        expect(problem.reference.answer).toMatch(/^-?\d{1,3}(,\d{3})*$|^-?\d+$/);
        const completion = problem.solution!;
        if (!verify('gsm8k', completion, problem.reference, { mode: 'strict' }).correct)
          wrong.push(problem.id);
        const altered = { answer: alteredGold(problem.reference.answer) };
        if (verify('gsm8k', completion, altered, { mode: 'strict' }).correct)
          wrong.push(`${problem.id} (altered)`);
        if (!verify('gsm8k', gsm8kSftTarget(problem), problem.reference, { mode: 'strict' }).correct) {
          wrong.push(`${problem.id} (sft target)`);
        }
      }
      expect(wrong).toEqual([]);
    });
  }
});
