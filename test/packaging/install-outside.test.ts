// The packages are meant to be installed and used outside this repository: pack them as npm would publish
// them, install the tarballs into an empty project, and use them from there. One project serves every test
// (packing and installing is most of the time): the libraries, and the `crossover` command of @crossover/cli
// with no ML package anywhere Node could find one. Offline: third-party dependencies are packed from this
// checkout's node_modules too, so no registry is asked.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadShippedTaskset, solveCountdown } from '@crossover/tasks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const packages = ['packages/verifiers', 'packages/metrics', 'packages/tasks', 'packages/cli'];
const ML_PACKAGE = /^(@tensorflow\/|onnxruntime-node$|onnxruntime-common$|@crossover\/trainer$)/;

function npm(args: string[], cwd: string): string {
  const env = {
    ...process.env,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  return execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface Packed {
  filename: string;
  files: Array<{ path: string }>;
}

function pack(dir: string, destination: string): Packed {
  const [packed] = JSON.parse(
    npm(['pack', '--json', '--ignore-scripts', '--pack-destination', destination], dir),
  ) as Packed[];
  return packed!;
}

function dependenciesOf(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return Object.keys(manifest.dependencies ?? {});
}

/** The folder Node would load `name` from, looking from `dir` as a module there would. */
function packageDir(name: string, dir: string): string {
  const folders = createRequire(join(dir, 'package.json')).resolve.paths(name) ?? [];
  const found = folders
    .map((folder) => join(folder, name))
    .find((path) => existsSync(join(path, 'package.json')));
  if (found === undefined) throw new Error(`${name}, a dependency of ${dir}, is not installed`);
  return found;
}

/** The third-party packages our packages need, and theirs, as this checkout has them installed. */
function thirdPartyDirs(): string[] {
  const found = new Map<string, string>();
  const pending = packages.map((dir) => join(root, dir));
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    for (const name of dependenciesOf(dir)) {
      if (name.startsWith('@crossover/') || found.has(name)) continue;
      found.set(name, packageDir(name, dir));
      pending.push(found.get(name)!);
    }
  }
  return [...found.values()];
}

/** Every package under a node_modules folder, nested ones included, by name. */
function installedPackages(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules)
    .filter((entry) => !entry.startsWith('.'))
    .flatMap((entry) =>
      entry.startsWith('@')
        ? readdirSync(join(nodeModules, entry)).map((name) => `${entry}/${name}`)
        : [entry],
    )
    .flatMap((name) => [name, ...installedPackages(join(nodeModules, name, 'node_modules'))]);
}

let project: string;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'crossover-consumer-'));
  const ours = packages.map((dir) => pack(join(root, dir), project));
  for (const packed of ours) expect(packed.files.every((file) => !file.path.startsWith('src/'))).toBe(true);
  const theirs = thirdPartyDirs().map((dir) => pack(dir, project));
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  const tarballs = [...ours, ...theirs].map((packed) => join(project, packed.filename));
  npm(['install', '--offline', '--no-package-lock', ...tarballs], project);
}, 180_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('published packages', () => {
  it('install from their tarballs into an empty project and work from there', () => {
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

describe('the crossover command of @crossover/cli, installed without the trainer', () => {
  /** Runs the bin npm linked, from the project, with nothing but the project's node_modules to find. */
  function crossover(...args: string[]) {
    const { NODE_PATH: _, ...env } = process.env;
    const bin = join(project, 'node_modules', '.bin', 'crossover');
    return spawnSync(bin, args, { cwd: project, env, encoding: 'utf8' });
  }

  it('has no ML package in the installed tree, and Node finds none from the project', () => {
    const installed = installedPackages(join(project, 'node_modules'));
    expect(installed).toContain('@crossover/cli');
    expect(installed).toContain('commander');
    expect(installed.filter((name) => ML_PACKAGE.test(name))).toEqual([]);
    for (const name of ['@tensorflow/tfjs-core', 'onnxruntime-node']) {
      const script = `import(${JSON.stringify(name)}).then(() => process.exit(0), (e) => { console.log(e.code); process.exit(3); })`;
      const found = spawnSync(process.execPath, ['-e', script], { cwd: project, encoding: 'utf8' });
      expect([found.status, found.stdout.trim()]).toEqual([3, 'ERR_MODULE_NOT_FOUND']);
    }
  });

  it('scores a small file and prints the report', () => {
    // Two problems, two samples each: one right and one wrong answer per problem.
    const problems = loadShippedTaskset('countdown/test').problems.slice(0, 2);
    const records = problems.flatMap((problem) => {
      const { target, numbers } = problem.reference as { target: number; numbers: number[] };
      const [solution] = solveCountdown(numbers, target, { limit: 1 });
      return [`<answer>${solution}</answer>`, '<answer>1+2</answer>'].map((completion, i) => ({
        problem_id: problem.id,
        completion,
        num_tokens: 10 + i,
      }));
    });
    const file = join(project, 'generations.jsonl');
    writeFileSync(file, records.map((record) => JSON.stringify(record)).join('\n'));
    const run = crossover(
      'score',
      '--task',
      'countdown',
      '--taskset',
      'countdown/test',
      '--in',
      file,
      '--k',
      '1,2',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^task countdown {2}mode exact {2}taskset countdown\/test@\S+$/);
    expect(lines).toContain('2 problems, 4 samples (2 per problem), coverage 100.00%');
    // k, pass@k, its interval, maj@k, pass^k
    expect(run.stdout).toMatch(/^1 +50\.00% +\S+ - \S+ +50\.00% +50\.00%$/m);
    expect(run.stdout).toMatch(/^2 +100\.00% +\S+ - \S+ +\S+ +0\.00%$/m);
    // length: count, mean, median
    expect(run.stdout).toMatch(/^correct +2 +10\.0 +10\.0 /m);
    expect(run.stdout).toMatch(/^incorrect +2 +11\.0 +11\.0 /m);
  });

  it('says how to install the trainer for a training command: one line, exit 1, no stack trace', () => {
    const { version } = JSON.parse(readFileSync(join(root, 'packages/cli/package.json'), 'utf8'));
    for (const command of ['train', 'doctor']) {
      const run = crossover(command, '--help');
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toBe(
        `crossover: crossover ${command} needs @crossover/trainer (the trainer, with TensorFlow.js and ` +
          `onnxruntime), which is not installed; install it next to this CLI: npm install @crossover/trainer@${version}\n`,
      );
    }
  });
});
