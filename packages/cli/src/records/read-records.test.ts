import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import type { RecordFormat } from './formats.js';
import { type RecordItem, readRecords } from './read-records.js';
import { EXPECTED, FIXTURES, gsm8kProblems, tempDir } from './test-fixtures.js';

const problems = gsm8kProblems();
const source = { problems: () => problems, lmEvalPrefix: () => 'gsm8k/test' };

async function readAll(path: string, format: RecordFormat = 'auto', extra = {}): Promise<RecordItem[]> {
  const items: RecordItem[] = [];
  for await (const batch of readRecords(path, format, { ...source, ...extra })) items.push(...batch);
  return items;
}

const records = (items: RecordItem[]) => items.flatMap((item) => ('records' in item ? item.records : []));
const errors = (items: RecordItem[]) => items.filter((item) => 'error' in item);

/** A verl-shaped parquet (prompt string, responses list) whose second row has no response. */
function brokenVerlParquet(path: string): void {
  const string = (name: string) => ({
    name,
    type: 'BYTE_ARRAY',
    converted_type: 'UTF8',
    repetition_type: 'OPTIONAL',
  });
  parquetWriteFile({
    filename: path,
    schema: [
      { name: 'schema', num_children: 2 },
      string('prompt'),
      { name: 'responses', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      string('element'),
    ] as never,
    columnData: [
      {
        name: 'prompt',
        data: [problems.get('gsm8k/test/1')!.prompt!, problems.get('gsm8k/test/2')!.prompt!],
      },
      { name: 'responses', data: [['#### 3'], []] },
    ],
  });
}

describe('readRecords', () => {
  it.each(Object.entries(FIXTURES))(
    'reads the %s fixture by itself: 16 records of problems 0-3',
    async (_, path) => {
      const items = await readAll(path);
      expect(errors(items)).toEqual([]);
      const read = records(items);
      expect(read).toHaveLength(EXPECTED.samples);
      expect(new Set(read.map((r) => r.problem_id))).toEqual(
        new Set([0, 1, 2, 3].map((i) => `gsm8k/test/${i}`)),
      );
    },
  );

  it('names the row of a bad parquet row and the line of a bad JSONL line', async () => {
    const dir = tempDir();
    const parquet = join(dir, 'broken.parquet');
    brokenVerlParquet(parquet);
    const items = await readAll(parquet);
    expect(records(items)).toHaveLength(1);
    expect(errors(items)).toEqual([{ at: { row: 2 }, error: 'column "responses" holds no response' }]);

    const jsonl = join(dir, 'broken.jsonl');
    writeFileSync(jsonl, `{"prompt": "${'x'.repeat(3)}", "completion": "a"}\n\n{oops\n`);
    expect(errors(await readAll(jsonl))).toEqual([
      { at: { line: 1 }, error: 'the prompt matches no problem of the taskset: "xxx"' },
      { at: { line: 3 }, error: expect.stringMatching(/^malformed JSON/) },
    ]);
  });

  it('refuses a format that does not fit the file, and a parquet file of neither tool', async () => {
    await expect(readAll(FIXTURES.verl, 'lighteval')).rejects.toThrow(
      /not a lighteval file: no "doc", "model_response" column/,
    );
    await expect(readAll(FIXTURES.verl, 'lm-eval')).rejects.toThrow(
      /is a parquet file; --format lm-eval reads JSONL/,
    );
    await expect(readAll(FIXTURES.prompt, 'verl')).rejects.toThrow(
      /--format verl reads parquet, but .* is not/,
    );
    const other = join(tempDir(), 'other.parquet');
    parquetWriteFile({ filename: other, columnData: [{ name: 'text', data: ['a'], type: 'STRING' }] });
    await expect(readAll(other)).rejects.toThrow(/neither verl's "responses" column nor lighteval's/);
    const truncated = join(tempDir(), 'truncated.parquet');
    writeFileSync(truncated, 'PAR1 and then nothing of a parquet file');
    await expect(readAll(truncated)).rejects.toThrow(/not a readable parquet file/);
  });

  it('fills num_tokens with the token counter, keeping counts a file already has', async () => {
    const lighteval = records(await readAll(FIXTURES.lighteval, 'auto', { countTokens: () => -1 }));
    expect(lighteval.every((r) => r.num_tokens !== undefined && r.num_tokens > 0)).toBe(true);
    const verl = records(
      await readAll(FIXTURES.verl, 'auto', { countTokens: (text: string) => text.length }),
    );
    expect(verl.map((r) => r.num_tokens)).toEqual(verl.map((r) => r.completion.length));
  });
});
