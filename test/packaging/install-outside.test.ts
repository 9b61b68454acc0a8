// The packages are meant to be installed and imported by Node programs outside this repository: pack them
// as npm would publish them, install the tarballs into an empty project, and use them from there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const packages = ['packages/verifiers', 'packages/metrics', 'packages/tasks'];

function npm(args: string[], cwd: string): string {
  const env = {
    ...process.env,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  return execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('published packages', () => {
  it('install from their tarballs into an empty project and work from there', () => {
    const project = mkdtempSync(join(tmpdir(), 'crossover-consumer-'));
    const tarballs = packages.map((dir) => {
      const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', project], join(root, dir)));
      expect(packed.files.every((file: { path: string }) => !file.path.startsWith('src/'))).toBe(true);
      return join(project, packed.filename);
    });
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    npm(['install', '--offline', '--no-package-lock', ...tarballs], project);
    const script = `
      import { verify } from '@crossover/verifiers';
      import { passAtK } from '@crossover/metrics';
      import { loadShippedTaskset, scoreGenerations } from '@crossover/tasks';
      import { loadTaskset } from '@crossover/tasks/node';
      const { taskset, problems } = await loadTaskset('countdown/test');
      const byId = new Map(problems.map((p) => [p.id, p]));
      const records = [{ problem_id: problems[0].id, completion: '<answer>1</answer>' }];
      const { report } = scoreGenerations({ task: 'countdown', taskset, problems: byId, records });
      console.log(JSON.stringify({
        verdict: verify('gsm8k', 'so #### 1,000', { answer: '1000' }),
        pass: passAtK(10, 3, 2),
        size: loadShippedTaskset('gsm8k/test').problems.length,
        digest: report.taskset.digest === taskset.digest,
      }));`;
    writeFileSync(join(project, 'use.mjs'), script);
    const output = JSON.parse(
      execFileSync(process.execPath, ['use.mjs'], { cwd: project, encoding: 'utf8' }),
    );
    expect(output.verdict).toMatchObject({ correct: true, score: 1, reason: 'correct' });
    expect(output.pass).toBeCloseTo(1 - (7 * 6) / (10 * 9), 14);
    expect(output.size).toBe(1319);
    expect(output.digest).toBe(true);
  });
});
