import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadShippedTaskset, scoreGenerations, solveCountdown } from '@crossover/tasks';
import { describe, expect, it } from 'vitest';
import { parseKList, runScore } from './score.js';
import { runVerify } from './verify.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
const shipped = loadShippedTaskset('countdown/test');
const problems = shipped.problems.slice(0, 20);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'crossover-score-'));
}

function readJsonl(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

/** Four samples per problem: the first two solve it, the rest do not (with a few variations). */
function countdownRecords() {
  return problems.flatMap((problem, p) => {
    const { target, numbers } = problem.reference as { target: number; numbers: number[] };
    const [solution] = solveCountdown(numbers, target, { limit: 1 });
    return [0, 1, 2, 3].map((s) => ({
      problem_id: problem.id,
      completion:
        s < 2 || (p % 3 === 0 && s === 2) ? `</think>\n<answer>${solution}</answer>` : '<answer>1+2</answer>',
      num_tokens: 10 + s,
    }));
  });
}

describe('runScore', () => {
  it('writes the same verdict lines as verify and the same report as the API scoring path', async () => {
    const dir = tempDir();
    const records = countdownRecords();
    const input = join(dir, 'gen.jsonl');
    writeFileSync(input, records.map((r) => JSON.stringify(r)).join('\n'));
    const out = join(dir, 'verdicts.jsonl');
    const result = await runScore({
      task: 'countdown',
      taskset: 'countdown/test',
      in: input,
      out,
      k: '1,2,4',
    });
    expect(result.skipped).toBe(0);
    expect(result.records).toBe(records.length);

    const verifyInput = join(dir, 'verify.jsonl');
    const withReferences = records.map((r) => ({
      ...r,
      reference: shipped.problems.find((p) => p.id === r.problem_id)!.reference,
    }));
    writeFileSync(verifyInput, withReferences.map((r) => JSON.stringify(r)).join('\n'));
    await runVerify({ task: 'countdown', in: verifyInput, out: join(dir, 'verify-out.jsonl') });
    expect(readJsonl(out)).toEqual(readJsonl(join(dir, 'verify-out.jsonl')));

    const problemMap = new Map(shipped.problems.map((p) => [p.id, p]));
    const expected = scoreGenerations({
      task: 'countdown',
      taskset: shipped.taskset,
      problems: problemMap,
      records,
      k: [1, 2, 4],
    });
    expect(result.report).toEqual(expected.report);
    expect(result.report.lengths.unit).toBe('tokens');
    expect(result.report.pass_at_k['1']).toBeCloseTo((20 * 2 + 7) / 80, 12);
  });

  it("resolves problem ids against the task's shipped test set when no --taskset is given, as the API does", async () => {
    const dir = tempDir();
    const input = join(dir, 'gen.jsonl');
    writeFileSync(input, `${JSON.stringify({ problem_id: 'gsm8k/test/0', completion: '#### 18' })}\n`);
    const result = await runScore({ task: 'gsm8k', in: input });
    expect(result.report.taskset).toEqual(loadShippedTaskset('gsm8k/test').taskset);
    expect(result.report.pass_at_k['1']).toBe(1);
  });

  it('judges run-on completions before their run-on, with the default or a --run-on list, and refuses a bad list', async () => {
    const dir = tempDir();
    const input = join(dir, 'gen.jsonl');
    // gsm8k/test/0's gold is 18; the completion runs on into a made-up second problem.
    const completion = '9 * 2 = 18\n#### 18\n\n### Problem 2\nQuestion: x?\n#### 3';
    writeFileSync(input, `${JSON.stringify({ problem_id: 'gsm8k/test/0', completion })}\n`);
    const byDefault = await runScore({ task: 'gsm8k', in: input });
    expect([byDefault.report.pass_at_k['1'], byDefault.report.reasons.run_on]).toEqual([1, 1]);
    const whole = await runScore({ task: 'gsm8k', in: input, runOn: '[]' });
    expect([whole.report.pass_at_k['1'], whole.report.reasons.run_on]).toEqual([0, undefined]);
    const custom = await runScore({ task: 'gsm8k', in: input, runOn: '["### Problem"]' });
    expect([custom.report.pass_at_k['1'], custom.report.reasons.run_on]).toEqual([1, 1]);
    const out = join(dir, 'verdicts.jsonl');
    await expect(runScore({ task: 'gsm8k', in: input, runOn: 'Question:', out })).rejects.toThrow(
      /--run-on must be a JSON list of non-empty strings/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('reads lm-evaluation-harness --log_samples files (auto-detected) and skips repeated filter lines', async () => {
    const dir = tempDir();
    const lines = [0, 1].flatMap((doc) =>
      ['strict-match', 'flexible-extract'].map((filter) => ({
        doc_id: doc,
        doc: { question: 'q', answer: `w\n#### ${doc + 5}` },
        resps: [[`#### ${doc + 5}`, '#### 0']],
        filter,
      })),
    );
    writeFileSync(join(dir, 'samples_gsm8k.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n'));
    const result = await runScore({ task: 'gsm8k', in: join(dir, 'samples_gsm8k.jsonl'), k: '1,2' });
    expect(result.records).toBe(4);
    expect(result.report.n_problems).toBe(2);
    expect(result.report.pass_at_k['1']).toBe(0.5);
    expect(result.report.pass_at_k['2']).toBe(1);
  });

  it('skips malformed lines and counts them, or with --strict fails and leaves no output file', async () => {
    const dir = tempDir();
    const input = join(dir, 'gen.jsonl');
    const good = JSON.stringify({ completion: '#### 5', reference: { answer: '5' } });
    writeFileSync(input, [good, '{oops', JSON.stringify({ completion: 3 }), good].join('\n'));
    const out = join(dir, 'verdicts.jsonl');
    const skipped = await runScore({ task: 'gsm8k', in: input, out });
    expect(skipped.skipped).toBe(2);
    expect(readJsonl(out).map((line) => line.line ?? line.correct)).toEqual([true, 2, 3, true]);

    const strictOut = join(dir, 'strict.jsonl');
    await expect(runScore({ task: 'gsm8k', in: input, out: strictOut, strict: true })).rejects.toThrow(
      /^line 2: malformed JSON/,
    );
    expect(existsSync(strictOut)).toBe(false);
    expect(readdirNames(dir).some((name) => name.includes('partial'))).toBe(false);
  });

  it('rejects bad options before reading: k list, format, taskset of another task, k above n', async () => {
    const dir = tempDir();
    const input = join(dir, 'gen.jsonl');
    writeFileSync(input, JSON.stringify({ completion: '#### 5', reference: { answer: '5' } }));
    await expect(runScore({ task: 'gsm8k', in: input, format: 'csv' })).rejects.toThrow(
      /unknown --format "csv"/,
    );
    await expect(runScore({ task: 'gsm8k', in: input, taskset: 'countdown/test' })).rejects.toThrow(
      'taskset countdown/test is a countdown taskset, not gsm8k',
    );
    await expect(runScore({ task: 'gsm8k', in: input, taskset: join(dir, 'missing.jsonl') })).rejects.toThrow(
      /cannot load taskset/,
    );
    await expect(runScore({ task: 'gsm8k', in: input, k: '2' })).rejects.toThrow(/k/);
  });
});

function readdirNames(dir: string): string[] {
  return spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.split('\n');
}

describe('parseKList', () => {
  it('sorts and de-duplicates, and rejects anything but positive integers', () => {
    expect(parseKList('8, 1,2,2')).toEqual([1, 2, 8]);
    expect(parseKList(undefined)).toBeUndefined();
    for (const bad of ['', '0', '1,,2', '1.5', 'x', '-1'])
      expect(() => parseKList(bad)).toThrow(/--k must be/);
  });
});

describe('crossover score (the built CLI)', () => {
  it('prints the report as JSON with --json and as a table by default', () => {
    const input = `${JSON.stringify({ completion: '#### 5', reference: { answer: '5' } })}\n`;
    const json = spawnSync(process.execPath, [cli, 'score', '--task', 'gsm8k', '--in', '-', '--json'], {
      input,
      encoding: 'utf8',
    });
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      task: 'gsm8k',
      mode: 'auto',
      n_problems: 1,
      pass_at_k: { 1: 1 },
    });
    const table = spawnSync(process.execPath, [cli, 'score', '--task', 'gsm8k', '--in', '-'], {
      input,
      encoding: 'utf8',
    });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^1\s+100\.00%/m);
    const bad = spawnSync(process.execPath, [cli, 'score', '--task', 'gsm8k', '--in', '-', '--k', '4'], {
      input,
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^crossover: .*k/);
  });
});

describe('crossover score --modes', () => {
  // gsm8k/test/0's gold is 18. "The answer is 18." has no "#### 18": auto accepts it, the strict modes do not.
  const completions = ['#### 18', 'The answer is 18.', '#### 7', 'The answer is 18.'];
  const input = `${completions.map((completion) => JSON.stringify({ problem_id: 'gsm8k/test/0', completion })).join('\n')}\n`;

  it('scores under every mode in one pass: a Report per mode and the pairs that disagree', async () => {
    const dir = tempDir();
    const file = join(dir, 'gen.jsonl');
    writeFileSync(file, input);
    const out = join(dir, 'verdicts.jsonl');
    const result = await runScore({ task: 'gsm8k', in: file, modes: 'all', k: '1,4', out });
    const reports = result.modes!.reports;
    expect(Object.keys(reports)).toHaveLength(13);
    for (const [mode, report] of Object.entries(reports)) {
      const alone = await runScore({ task: 'gsm8k', in: file, mode, k: '1,4' });
      expect(report).toEqual(alone.report);
    }
    expect([reports.auto!.pass_at_k['1'], reports.strict!.pass_at_k['1']]).toEqual([0.75, 0.25]);
    const pair = result.modes!.tally.disagreements.find((d) => d.modes.join() === 'auto,strict')!;
    expect(pair).toMatchObject({ samples: 2, only_first: 2, only_second: 0 });
    expect(pair.examples.map((e) => e.completion)).toEqual(['The answer is 18.', 'The answer is 18.']);
    const lines = readJsonl(out);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatchObject({
      problem_id: 'gsm8k/test/0',
      modes: { auto: { correct: true, extracted: '18' }, strict: { correct: false } },
    });
  });

  it('takes a comma list, and refuses an unknown mode or --mode with --modes before writing anything', async () => {
    const dir = tempDir();
    const file = join(dir, 'gen.jsonl');
    writeFileSync(file, input);
    const two = await runScore({ task: 'gsm8k', in: file, modes: 'strict,auto' });
    expect(Object.keys(two.modes!.reports)).toEqual(['auto', 'strict']);
    const out = join(dir, 'verdicts.jsonl');
    await expect(runScore({ task: 'gsm8k', in: file, modes: 'auto,exact', out })).rejects.toThrow(
      /unknown gsm8k mode "exact"/,
    );
    await expect(runScore({ task: 'gsm8k', in: file, modes: 'all', mode: 'auto', out })).rejects.toThrow(
      /--mode or --modes/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('prints { modes, disagreements } with --json and a table per mode without', () => {
    const args = [cli, 'score', '--task', 'gsm8k', '--in', '-', '--modes', 'auto,strict,flexible'];
    const json = spawnSync(process.execPath, [...args, '--json'], { input, encoding: 'utf8' });
    expect(json.status).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(Object.keys(parsed.modes)).toEqual(['auto', 'strict', 'flexible']);
    expect(parsed.modes.strict.mode).toBe('strict');
    expect(parsed.disagreements[0]).toMatchObject({ modes: ['auto', 'strict'], samples: 2 });
    const table = spawnSync(process.execPath, args, { input, encoding: 'utf8' });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^auto\s+75\.00%/m);
    expect(table.stdout).toMatch(/^strict\s+25\.00%/m);
    expect(table.stdout).toMatch(/auto vs strict: 2 samples judged differently/);
  });
});
