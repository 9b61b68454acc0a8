// Each importer's fixture scored through `crossover score` (runScore, and the built binary for errors), and
// converted for `crossover submit`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScore } from '../commands/score.js';
import { crossoverRecordsFile } from './crossover-file.js';
import { EXPECTED, FIXTURES, TOKENIZER, tempDir } from './test-fixtures.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
const score = (path: string, extra = {}) =>
  runScore({ task: 'gsm8k', taskset: 'gsm8k/test', in: path, k: '1,2,4', ...extra });

describe('the importer fixtures through crossover score', () => {
  it.each(Object.entries(FIXTURES))('%s: pass@1 0.4375 over 4 problems x 4 samples', async (format, path) => {
    const { report, skipped } = await score(path);
    expect(skipped).toBe(0);
    expect(report).toMatchObject({ n_problems: EXPECTED.problems, n_samples: EXPECTED.samples });
    expect(report.pass_at_k['1']).toBe(EXPECTED.passAt1);
    expect(report.pass_at_k['4']).toBe(0.75);
    expect(report.lengths.correct.count).toBe(EXPECTED.correct);
    // lighteval keeps each generation's token ids; the other formats carry no token counts.
    expect(report.lengths.unit).toBe(format === 'lighteval' ? 'tokens' : 'chars');
  });

  it('gives the same Report for every format, --format forced or detected', async () => {
    const reports = await Promise.all(
      Object.values(FIXTURES).map(async (path) => (await score(path)).report),
    );
    const { lengths: _, ...first } = reports[0]!;
    for (const report of reports.slice(1))
      expect({ ...report, lengths: undefined }).toEqual({ ...first, lengths: undefined });
    expect((await score(FIXTURES.verl, { format: 'verl' })).report).toEqual(
      (await score(FIXTURES.verl)).report,
    );
  });

  it('--tokenizer gives lengths in tokens, equal to the token ids lighteval kept (made with that tokenizer)', async () => {
    const verl = (await score(FIXTURES.verl, { tokenizer: TOKENIZER })).report;
    const lighteval = (await score(FIXTURES.lighteval)).report;
    expect(verl.lengths.unit).toBe('tokens');
    expect(verl.lengths).toEqual(lighteval.lengths);
    expect((await score(FIXTURES.prompt, { tokenizer: TOKENIZER })).report.lengths).toEqual(
      lighteval.lengths,
    );
  });

  it('finds the problems of a prompt-keyed file without --taskset, in the shipped test set', async () => {
    const { report } = await runScore({ task: 'gsm8k', in: FIXTURES.prompt });
    expect(report.taskset).toMatchObject({ task: 'gsm8k', split: 'test' });
    expect(report.pass_at_k['1']).toBe(EXPECTED.passAt1);
  });

  it('a bad row: --strict stops with it named (exit 2, one line, no output file); otherwise it is skipped', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.jsonl');
    const lines = readFileSync(FIXTURES.prompt, 'utf8').trim().split('\n');
    lines.splice(2, 0, '{"prompt": "not a GSM8K question", "completion": "#### 1"}');
    writeFileSync(bad, `${lines.join('\n')}\n`);
    const out = join(dir, 'verdicts.jsonl');
    const run = spawnSync(
      process.execPath,
      [cli, 'score', '--task', 'gsm8k', '--in', bad, '--strict', '--out', out],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      'crossover: line 3: the prompt matches no problem of the taskset: "not a GSM8K question"',
    );
    expect(readdirSync(dir)).toEqual(['bad.jsonl']);
    const skipped = await score(bad, { out });
    expect(skipped.skipped).toBe(1);
    expect(readFileSync(out, 'utf8')).toContain('{"line":3,"error":"the prompt matches no problem');
  });
});

describe('crossoverRecordsFile (what crossover submit uploads)', () => {
  it('converts each other format to Crossover NDJSON that scores to the same Report, then removes it', async () => {
    for (const path of [FIXTURES.verl, FIXTURES.lighteval, FIXTURES['lm-eval'], FIXTURES.prompt]) {
      const converted = await crossoverRecordsFile(path, { task: 'gsm8k' });
      expect(converted.path).not.toBe(path);
      const records = readFileSync(converted.path, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(records).toHaveLength(EXPECTED.samples);
      expect(records.every((r) => typeof r.problem_id === 'string')).toBe(true);
      expect((await score(converted.path)).report).toEqual((await score(path)).report);
      converted.remove();
      expect(existsSync(converted.path)).toBe(false);
    }
  });

  it('sends a Crossover file as it is, unless --tokenizer fills num_tokens', async () => {
    const dir = tempDir();
    const file = join(dir, 'gen.jsonl');
    writeFileSync(file, '{"problem_id": "gsm8k/test/0", "completion": "#### 18"}\n');
    expect((await crossoverRecordsFile(file, { task: 'gsm8k' })).path).toBe(file);
    const tokens = await crossoverRecordsFile(file, { task: 'gsm8k', tokenizer: TOKENIZER });
    // The fixture tokenizer splits "#### 18" as #, #, #, #, Ġ1, 8.
    expect(JSON.parse(readFileSync(tokens.path, 'utf8'))).toMatchObject({
      problem_id: 'gsm8k/test/0',
      num_tokens: 6,
    });
    tokens.remove();
  });

  it('stops at the first bad row or line, naming it, and leaves no temporary file', async () => {
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('crossover-submit-')).length;
    const bad = join(tempDir(), 'bad.jsonl');
    writeFileSync(bad, '{"prompt": "not a GSM8K question", "completion": "x"}\n');
    await expect(crossoverRecordsFile(bad, { task: 'gsm8k' })).rejects.toThrow(
      `${bad}: line 1: the prompt matches no problem of the taskset`,
    );
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('crossover-submit-')).length).toBe(before);
  });
});
