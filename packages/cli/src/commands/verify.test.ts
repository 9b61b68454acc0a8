import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modesFor, verify } from '@crossover/verifiers';
import { describe, expect, it } from 'vitest';
import { parseVerifyRecord, runVerify } from './verify.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'crossover-verify-')), name);
  writeFileSync(path, text);
  return path;
}

function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

const records = [
  { problem_id: 'p1', completion: 'So 3+4=7.\n#### 7', reference: { answer: '7' } },
  { completion: 'The answer is 12', reference: { answer: '13' } },
  { problem_id: 'p3', completion: 'no number here', reference: { answer: '1' } },
];

describe('runVerify', () => {
  it('writes one verdict per record, in order, with problem_id passed through', async () => {
    const input = tempFile('in.jsonl', records.map((r) => JSON.stringify(r)).join('\n'));
    const out = join(dirname(input), 'out.jsonl');
    const summary = await runVerify({ task: 'gsm8k', in: input, out });
    expect(summary).toEqual({ records: 3, errors: 0 });
    const lines = readJsonl(out);
    expect(lines).toHaveLength(3);
    records.forEach((record, i) => {
      const expected = verify('gsm8k', record.completion, record.reference);
      const { correct, score, format_ok, extracted, reason } = expected;
      const withId = record.problem_id === undefined ? {} : { problem_id: record.problem_id };
      expect(lines[i]).toEqual({ ...withId, correct, score, format_ok, extracted, reason });
    });
    expect(Object.keys(lines[0]!)[0]).toBe('problem_id');
    expect('problem_id' in lines[1]!).toBe(false);
  });

  it('reports malformed lines with their line numbers and keeps going', async () => {
    const text = [
      JSON.stringify(records[0]),
      '{not json',
      '',
      '[1,2]',
      JSON.stringify(records[2]),
      '{"completion":5}',
    ];
    const input = tempFile('bad.jsonl', text.join('\r\n'));
    const out = join(dirname(input), 'out.jsonl');
    const summary = await runVerify({ task: 'gsm8k', in: input, out });
    expect(summary).toEqual({ records: 2, errors: 3 });
    const lines = readJsonl(out);
    expect(lines.map((l) => l.line ?? l.problem_id)).toEqual(['p1', 2, 4, 'p3', 6]);
    expect(lines[1]!.error).toMatch(/malformed JSON/);
    expect(lines[2]!.error).toBe('a record must be a JSON object');
    expect(lines[4]!.error).toBe('field "completion" must be a string');
  });

  it('rejects an unknown mode before writing anything', async () => {
    const input = tempFile('in.jsonl', JSON.stringify(records[0]));
    const out = join(dirname(input), 'never.jsonl');
    await expect(runVerify({ task: 'gsm8k', mode: 'nope', in: input, out })).rejects.toThrow(
      /unknown gsm8k mode/,
    );
    await expect(runVerify({ task: 'math', in: input, out })).rejects.toThrow(/unknown task/);
    await expect(
      runVerify({ task: 'gsm8k', in: join(dirname(input), 'missing.jsonl'), out }),
    ).rejects.toThrow(/cannot read input file/);
    expect(() => readFileSync(out)).toThrow();
  });
});

describe('parseVerifyRecord', () => {
  it('names the field that is wrong', () => {
    expect(parseVerifyRecord('{"completion":"x","reference":null}')).toBe(
      'field "reference" must be an object',
    );
    expect(parseVerifyRecord('{"completion":"x","reference":{},"prompt":1}')).toBe(
      'field "prompt" must be a string',
    );
    expect(parseVerifyRecord('{"completion":"x","reference":{},"problem_id":7}')).toBe(
      'field "problem_id" must be a string',
    );
  });
});

describe('crossover verify (the built CLI)', () => {
  it('reads stdin, writes stdout, and exits 1 when a line was malformed', () => {
    const input = `${JSON.stringify(records[0])}\nnope\n`;
    const result = spawnSync(process.execPath, [cli, 'verify', '--task', 'gsm8k', '--in', '-'], {
      input,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].problem_id).toBe('p1');
    expect(lines[1]).toEqual({ line: 2, error: expect.stringMatching(/malformed JSON/) });
    expect(result.stderr).toMatch(/1 malformed line/);
  });

  it('exits 2 with a one-line message for a bad option', () => {
    const result = spawnSync(
      process.execPath,
      [cli, 'verify', '--task', 'gsm8k', '--mode', 'x', '--in', '-'],
      {
        input: '',
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      `crossover: unknown gsm8k mode "x"; expected one of ${modesFor('gsm8k').join(', ')}`,
    );
  });
});
