import { describe, expect, it } from 'vitest';
import { detectFormat } from './format.js';
import { LmEvalSamplesImporter, MAX_GENERATIONS_PER_DOCUMENT } from './lm-eval.js';

// Two lines per document, one per filter, as the harness writes them for gsm8k with `repeats: 3`.
function sample(docId: number, filter: string, resps: string[]) {
  return {
    doc_id: docId,
    doc: { question: `Q${docId}?`, answer: `Work.\n#### 1,00${docId}` },
    target: `Work.\n#### 1,00${docId}`,
    arguments: [[`Question: Q${docId}?\nAnswer:`, { until: ['Question:'] }]],
    resps: [resps],
    filtered_resps: [resps[0]],
    filter,
    metrics: ['exact_match'],
    exact_match: 0,
  };
}

describe('LmEvalSamplesImporter', () => {
  it('imports each document once, one record per generation, with its gold answer', () => {
    const importer = new LmEvalSamplesImporter('gsm8k/test');
    const lines = [
      sample(0, 'strict-match', ['a', 'b', 'c']),
      sample(0, 'flexible-extract', ['a', 'b', 'c']),
      sample(7, 'strict-match', ['z']),
    ];
    const records = lines.flatMap((line) => importer.importLine(line) as object[]);
    expect(records).toEqual([
      { problem_id: 'gsm8k/test/0', completion: 'a', sample_index: 0, reference: { answer: '1,000' } },
      { problem_id: 'gsm8k/test/0', completion: 'b', sample_index: 1, reference: { answer: '1,000' } },
      { problem_id: 'gsm8k/test/0', completion: 'c', sample_index: 2, reference: { answer: '1,000' } },
      { problem_id: 'gsm8k/test/7', completion: 'z', sample_index: 0, reference: { answer: '1,007' } },
    ]);
  });

  it('says what is wrong with a line that is not a harness sample', () => {
    const importer = new LmEvalSamplesImporter('gsm8k/test');
    expect(importer.importLine({ completion: 'x' })).toMatch(/needs "doc_id" and "resps"/);
    expect(importer.importLine({ doc_id: 1, resps: [[1]] })).toBe(
      '"resps" must be a list of lists of strings',
    );
    expect(importer.importLine({ doc_id: 2, resps: [] })).toBe('"resps" holds no generation');
  });

  it('imports a list of generations longer than a spread allows, and refuses one over the cap', () => {
    // 150,000 arguments to push(...) throw RangeError in V8; the cap is below that, the import must not be.
    const importer = new LmEvalSamplesImporter('gsm8k/test');
    const many = Array.from({ length: MAX_GENERATIONS_PER_DOCUMENT }, (_, i) => `#### ${i}`);
    const records = importer.importLine({ doc_id: 1, resps: [many] }) as object[];
    expect(records).toHaveLength(MAX_GENERATIONS_PER_DOCUMENT);
    expect(records[MAX_GENERATIONS_PER_DOCUMENT - 1]).toMatchObject({
      sample_index: MAX_GENERATIONS_PER_DOCUMENT - 1,
    });
    const over = Array.from({ length: 150_000 }, () => 'x');
    expect(importer.importLine({ doc_id: 2, resps: [over] })).toBe(
      `"resps" holds more than ${MAX_GENERATIONS_PER_DOCUMENT} generations`,
    );
    expect(importer.importLine({ doc_id: 3, resps: [many, ['one more']] })).toMatch(/more than/);
  });

  it('is what format detection picks for harness lines', () => {
    expect(detectFormat(sample(0, 'strict-match', ['a']))).toBe('lm-eval');
    expect(detectFormat({ problem_id: 'gsm8k/test/0', completion: 'x' })).toBe('crossover');
  });
});
