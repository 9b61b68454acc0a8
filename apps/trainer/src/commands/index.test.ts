import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { assertRuntimesInstalled, registerTrainingCommands } from './index.js';

const require = createRequire(import.meta.url);
/** The `crossover` command as npm links it: @crossover/cli's bin. */
const bin = join(dirname(require.resolve('@crossover/cli/package.json')), 'bin', 'crossover.js');

describe('registerTrainingCommands', () => {
  it('is what the crossover command loads when a training command runs', () => {
    const run = spawnSync(process.execPath, [bin, 'doctor', '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    // doctor's own options: the help came from this package, not from the CLI's list of commands
    expect(run.stdout).toContain('--device <device>');
  });

  it('checks the ML runtimes before a command runs and says how to install those that are missing', async () => {
    const program = new Command('crossover').exitOverride();
    registerTrainingCommands(program, { commander: '^14.0.3', 'no-such-runtime': '^1.2.0' });
    expect(program.commands.map((command) => command.name())).toEqual([
      'train',
      'export',
      'sample',
      'experiment',
      'doctor',
    ]);
    await expect(program.parseAsync(['doctor', '--backend', 'cpu'], { from: 'user' })).rejects.toThrow(
      'crossover doctor needs no-such-runtime, which is not installed; install it with: ' +
        'npm install no-such-runtime@^1.2.0',
    );
  });
});

describe('assertRuntimesInstalled', () => {
  it("passes with the trainer's own dependencies, which this repository installs", () => {
    const { dependencies } = require('../../package.json');
    expect(Object.keys(dependencies)).toContain('onnxruntime-node');
    expect(() => assertRuntimesInstalled('train', dependencies)).not.toThrow();
  });

  it('names every missing package, with its version range, and nothing that is installed', () => {
    const dependencies = { '@tensorflow/tfjs-core': '^4.22.0', 'no-such-a': '^1.0.0', 'no-such-b': '2.0.0' };
    expect(() => assertRuntimesInstalled('train', dependencies)).toThrow(
      expect.objectContaining({
        name: 'MissingPackageError',
        message:
          'crossover train needs no-such-a, no-such-b, which are not installed; install them with: ' +
          'npm install no-such-a@^1.0.0 no-such-b@2.0.0',
      }),
    );
  });
});
