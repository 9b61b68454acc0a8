import { loadShippedTaskset } from '@crossover/tasks';
import { describe, expect, it } from 'vitest';
import { importLightevalRow } from './lighteval.js';
import { ProblemMatcher } from './problem-matcher.js';
import { importPromptCompletion } from './prompt-completion.js';
import { gsm8kProblems } from './test-fixtures.js';
import { importVerlRow } from './verl.js';

const problems = gsm8kProblems();
const matcher = new ProblemMatcher(problems.values());
const janet = problems.get('gsm8k/test/0') as unknown as { question: string; prompt: string };

describe('ProblemMatcher', () => {
  it('finds a problem by its prompt, by the GSM8K question inside a prompt, or by a Countdown reference', () => {
    expect(matcher.find(janet.prompt)).toBe('gsm8k/test/0');
    expect(matcher.find(`<|im_start|>user\n${janet.question}<|im_end|>`)).toBe('gsm8k/test/0');
    expect(matcher.find('What is 2 + 2?', { answer: '18' })).toBeNull();
    const countdown = loadShippedTaskset('countdown/test').problems;
    const byNumbers = new ProblemMatcher(countdown);
    expect(byNumbers.find('Using the numbers ...', countdown[5]!.reference)).toBe('countdown/test/5');
  });
});

describe('importPromptCompletion', () => {
  it('names the problem by its prompt and keeps the optional fields', () => {
    expect(
      importPromptCompletion({ prompt: janet.question, completion: '#### 18', num_tokens: 4 }, matcher),
    ).toEqual({
      problem_id: 'gsm8k/test/0',
      completion: '#### 18',
      prompt: janet.question,
      num_tokens: 4,
    });
  });

  it('says what is wrong with a line', () => {
    expect(
      importPromptCompletion({ prompt: 'Nothing like a GSM8K question', completion: 'x' }, matcher),
    ).toBe('the prompt matches no problem of the taskset: "Nothing like a GSM8K question"');
    expect(importPromptCompletion({ prompt: janet.question }, matcher)).toBe(
      'field "completion" must be a string',
    );
    expect(importPromptCompletion({ completion: 'x', reference: { answer: '1' } }, matcher)).toBe(
      'field "prompt" must be a string',
    );
  });
});

describe('importVerlRow', () => {
  const row = {
    prompt: [{ role: 'user', content: `${janet.question} Let's think step by step.` }],
    responses: ['#### 18', '#### 17'],
    reward_model: { style: 'rule', ground_truth: '18' },
  };

  it('makes one record per response, named by the question in the chat prompt', () => {
    expect(importVerlRow(row, matcher)).toEqual([
      { problem_id: 'gsm8k/test/0', completion: '#### 18', sample_index: 0, prompt: row.prompt[0]!.content },
      { problem_id: 'gsm8k/test/0', completion: '#### 17', sample_index: 1, prompt: row.prompt[0]!.content },
    ]);
  });

  it('keeps the ground truth inline when the prompt is not in the taskset', () => {
    const other = { ...row, prompt: 'What is 6 * 3?', responses: ['18'] };
    expect(importVerlRow(other, matcher)).toEqual([
      { completion: '18', sample_index: 0, prompt: 'What is 6 * 3?', reference: { answer: '18' } },
    ]);
    const countdown = {
      prompt: 'x',
      responses: ['y'],
      reward_model: { ground_truth: { target: 24, numbers: [3, 8] } },
    };
    expect((importVerlRow(countdown, matcher) as object[])[0]).toMatchObject({
      reference: { target: 24, numbers: [3, 8] },
    });
  });

  it('says which column is wrong', () => {
    expect(importVerlRow({ ...row, responses: 'one string' }, matcher)).toBe(
      'column "responses" must be a list of strings',
    );
    expect(importVerlRow({ ...row, responses: [] }, matcher)).toBe('column "responses" holds no response');
    expect(importVerlRow({ ...row, prompt: [{ role: 'user' }] }, matcher)).toMatch(
      /^column "prompt" must be/,
    );
    expect(importVerlRow({ prompt: 'unknown', responses: ['a'] }, matcher)).toMatch(
      /^the prompt matches no problem of the taskset and the row has no reward_model.ground_truth/,
    );
  });
});

describe('importLightevalRow', () => {
  const row = {
    doc: { query: janet.prompt, choices: [' She makes 9 * 2 = $18.\n#### 18'], gold_index: 0 },
    model_response: {
      text: ['#### 18', '#### 9'],
      output_tokens: [
        [1, 2],
        [3, 4, 5],
      ],
    },
  };

  it('makes one record per text, with num_tokens from output_tokens', () => {
    expect(importLightevalRow(row, matcher)).toEqual([
      {
        problem_id: 'gsm8k/test/0',
        completion: '#### 18',
        sample_index: 0,
        prompt: janet.prompt,
        num_tokens: 2,
      },
      {
        problem_id: 'gsm8k/test/0',
        completion: '#### 9',
        sample_index: 1,
        prompt: janet.prompt,
        num_tokens: 3,
      },
    ]);
  });

  it('leaves num_tokens out when lighteval kept no ids, and the gold inline for a query not in the taskset', () => {
    const other = {
      doc: { ...row.doc, query: 'Q: 9 * 2?' },
      model_response: { text: ['18'], output_tokens: [] },
    };
    expect(importLightevalRow(other, matcher)).toEqual([
      { completion: '18', sample_index: 0, prompt: 'Q: 9 * 2?', reference: { answer: '18' } },
    ]);
  });

  it('says which column is wrong', () => {
    expect(importLightevalRow({ ...row, doc: null }, matcher)).toBe(
      'column "doc" must hold a "query" string',
    );
    expect(importLightevalRow({ ...row, model_response: { text: [1] } }, matcher)).toBe(
      'column "model_response" must hold "text", a list of strings',
    );
    expect(importLightevalRow({ ...row, model_response: { text: [] } }, matcher)).toBe(
      'model_response.text holds no generation',
    );
  });
});
