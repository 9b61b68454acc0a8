import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countdownPrompt, loadShippedTaskset } from '@crossover/tasks';
import { readTasksetFile } from '@crossover/tasks/node';
import { describe, expect, it } from 'vitest';
import { runTaskset } from './taskset.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');
const outDir = () => mkdtempSync(join(tmpdir(), 'crossover-taskset-'));

describe('runTaskset', () => {
  it('writes a file that reads back to the shipped taskset, prompts included', async () => {
    for (const name of ['countdown/easy', 'gsm8k/test'] as const) {
      const out = join(outDir(), 'problems.jsonl');
      const { taskset, problems } = await runTaskset(name, { out });
      expect(taskset).toEqual(loadShippedTaskset(name).taskset);
      const read = await readTasksetFile(out, { split: taskset.split, version: taskset.version });
      expect(read.taskset).toEqual(taskset);
      expect(read.problems).toEqual(loadShippedTaskset(name).problems);
      expect(problems).toBe(taskset.size);
    }
  });

  it('renders the prompts in the chosen template', async () => {
    const out = join(outDir(), 'chat.jsonl');
    await runTaskset('countdown/test', { out, template: 'chat' });
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0] as string);
    expect(first.id).toBe('countdown/test/0');
    expect(first.prompt).toBe(countdownPrompt(first.reference, 'chat'));
  });

  it('refuses an unknown taskset or template before writing anything', async () => {
    const dir = outDir();
    const out = join(dir, 'never.jsonl');
    await expect(runTaskset('countdown/train', { out })).rejects.toThrow(
      'unknown taskset "countdown/train"; expected one of gsm8k/test, countdown/test, countdown/easy',
    );
    await expect(runTaskset('gsm8k/test', { out, template: 'compact' })).rejects.toThrow(
      '--template must be one of base, chat, got compact',
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('crossover taskset', () => {
  it('prints the taskset to stdout and its size and digest to stderr', () => {
    const result = spawnSync(process.execPath, [cli, 'taskset', 'countdown/easy'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    const { taskset } = loadShippedTaskset('countdown/easy');
    expect(lines).toHaveLength(taskset.size);
    expect(result.stderr).toBe(`crossover taskset: ${taskset.size} problems, digest ${taskset.digest}\n`);
  });

  it('exits 2 with the usage error for an unknown name', () => {
    const result = spawnSync(process.execPath, [cli, 'taskset', 'nope'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown taskset "nope"');
    expect(result.stdout).toBe('');
  });
});
