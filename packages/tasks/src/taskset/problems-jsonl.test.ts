import { describe, expect, it } from 'vitest';
import { countdownPrompt } from '../countdown/prompt.js';
import { gsm8kPrompt } from '../gsm8k/prompt.js';
import { DatasetFormatError } from '../jsonl.js';
import { parseProblemsJsonl } from './problems-jsonl.js';

describe('parseProblemsJsonl', () => {
  it('reads problems and fills prompts from the templates', () => {
    const text = [
      '{"id":"c/0","task":"countdown","reference":{"target":6,"numbers":[1,2,3]},"solutions":3}',
      '{"id":"c/1","task":"countdown","prompt":"my prompt","reference":{"target":4,"numbers":[2,2]}}',
    ].join('\n');
    expect(parseProblemsJsonl(text, { template: 'chat' })).toEqual([
      {
        id: 'c/0',
        task: 'countdown',
        prompt: countdownPrompt({ target: 6, numbers: [1, 2, 3] }, 'chat'),
        reference: { target: 6, numbers: [1, 2, 3] },
        solutions: 3,
      },
      { id: 'c/1', task: 'countdown', prompt: 'my prompt', reference: { target: 4, numbers: [2, 2] } },
    ]);
  });

  it('renders GSM8K prompts from a question and leaves them empty without one', () => {
    const text = [
      '{"id":"g/0","task":"gsm8k","question":"What is 1 + 1?","reference":{"answer":"2"},"solution":"1 + 1 = 2\\n#### 2"}',
      '{"id":"g/1","task":"gsm8k","reference":{"answer":"3"}}',
    ].join('\n');
    expect(parseProblemsJsonl(text)).toEqual([
      {
        id: 'g/0',
        task: 'gsm8k',
        prompt: gsm8kPrompt('What is 1 + 1?'),
        question: 'What is 1 + 1?',
        reference: { answer: '2' },
        solution: '1 + 1 = 2\n#### 2',
      },
      { id: 'g/1', task: 'gsm8k', prompt: '', question: '', reference: { answer: '3' } },
    ]);
  });

  const ok = '{"id":"a","task":"gsm8k","reference":{"answer":"1"}}';
  it.each([
    ['[1]', 'user.jsonl:1: expected a JSON object'],
    [`${ok}\n{"task":"gsm8k","reference":{"answer":"1"}}`, 'user.jsonl:2: "id" must be a non-empty string'],
    [`${ok}\n${ok}`, 'user.jsonl:2: duplicate id "a"'],
    [`${ok}\n{"id":"b","task":"math","reference":{}}`, 'user.jsonl:2: "task" must be "gsm8k" or "countdown"'],
    [
      `${ok}\n{"id":"b","task":"countdown","reference":{"target":1,"numbers":[1]}}`,
      'user.jsonl:2: a taskset holds one task; this line is countdown, earlier lines gsm8k',
    ],
    [
      '{"id":"a","task":"gsm8k","reference":{"answer":18}}',
      'user.jsonl:1: gsm8k reference must be {"answer": non-empty string}',
    ],
    [
      '{"id":"a","task":"gsm8k","prompt":5,"reference":{"answer":"1"}}',
      'user.jsonl:1: "prompt" must be a string',
    ],
    [
      '{"id":"a","task":"countdown","reference":{"target":1.5,"numbers":[1]}}',
      'user.jsonl:1: countdown reference must be {"target": integer, "numbers": non-empty array of non-negative integers}',
    ],
    [
      '{"id":"a","task":"countdown","reference":{"target":1,"numbers":[-1]}}',
      'user.jsonl:1: countdown reference must be {"target": integer, "numbers": non-empty array of non-negative integers}',
    ],
    [
      '{"id":"a","task":"countdown","reference":{"target":1,"numbers":[1]},"solutions":-1}',
      'user.jsonl:1: "solutions" must be a non-negative integer',
    ],
    ['\n\n', 'user.jsonl: no problems'],
  ])('%#: %s', (text, message) => {
    const parse = () => parseProblemsJsonl(text, { source: 'user.jsonl' });
    expect(parse).toThrow(DatasetFormatError);
    expect(parse).toThrow(message);
  });
});
