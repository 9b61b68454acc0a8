// Every gold solution of the GSM8K test split, verified as a completion against its own answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedData, sharedDir } from '../test-support.js';
import { type Gsm8kMode, verifyGsm8k } from './index.js';

interface Gsm8kRow {
  question: string;
  answer: string;
}

const available = hasSharedData();
const rows: Gsm8kRow[] = (available ? readFileSync(join(sharedDir(), 'data/gsm8k/test.jsonl'), 'utf8') : '')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Gsm8kRow);

/** The dataset's gold: the text after `####`, commas kept. */
function goldOf(row: Gsm8kRow): string {
  return (row.answer.split('####').pop() as string).trim();
}

/** The gold plus one, written the way the dataset writes numbers (commas kept out). */
function plusOne(gold: string): string {
  return (BigInt(gold.replaceAll(',', '')) + 1n).toString();
}

const MODES: Gsm8kMode[] = ['strict', 'auto', 'openai', 'lm-eval-strict'];

describe.skipIf(!available)('GSM8K test split: gold solutions verify against their own gold', () => {
  it('reads all 1319 problems, every gold an integer', () => {
    expect(rows).toHaveLength(1319);
    for (const row of rows) expect(goldOf(row)).toMatch(/^-?\d{1,3}(?:,\d{3})*$|^-?\d+$/);
  });

  for (const mode of MODES) {
    it(`${mode}: every gold solution is correct, and wrong against gold + 1`, () => {
      const failures: string[] = [];
      for (const [index, row] of rows.entries()) {
        const gold = goldOf(row);
        const right = verifyGsm8k(row.answer, { answer: gold }, { mode });
        const wrong = verifyGsm8k(row.answer, { answer: plusOne(gold) }, { mode });
        if (!right.correct || right.score !== 1 || right.reason !== 'correct' || !right.format_ok) {
          failures.push(`#${index} right: ${JSON.stringify(right)}`);
        }
        if (wrong.correct || wrong.score !== 0 || wrong.reason !== 'wrong_answer') {
          failures.push(`#${index} wrong: ${JSON.stringify(wrong)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }

  it('strict extracts the canonical gold (commas removed) for every problem', () => {
    for (const row of rows) {
      const gold = goldOf(row);
      const expected = gold.replaceAll(',', '').replace(/^(-?)0+(?=\d)/, '$1');
      expect(verifyGsm8k(row.answer, { answer: gold }, { mode: 'strict' }).extracted).toBe(expected);
    }
  });
});
