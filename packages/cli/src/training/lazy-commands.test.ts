import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerCommands } from '../commands/index.js';
import { runCli } from '../run-cli.js';
import { CLI_VERSION } from '../version.js';
import { importTrainer, type TrainerLoader } from './lazy-commands.js';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `crossover ...args` as the bin does, with `load` in place of importing @crossover/trainer. */
async function crossover(load: TrainerLoader, ...args: string[]): Promise<CliResult> {
  const program = new Command('crossover');
  registerCommands(program, load);
  const written = { stdout: '', stderr: '' };
  for (const stream of ['stdout', 'stderr'] as const)
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      written[stream] += String(chunk);
      return true;
    });
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    await runCli(program, ['node', 'crossover', ...args]);
    return { code: Number(process.exitCode ?? 0), ...written };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = previous;
  }
}

/** A stand-in trainer whose `train` records what it was called with; `loads` counts the imports. */
function fakeTrainer() {
  const calls: Array<{ steps: string; files: string[] }> = [];
  const loads: string[] = [];
  const load: TrainerLoader = async (command) => {
    loads.push(command);
    return {
      registerTrainingCommands(program: Command) {
        program
          .command('train')
          .description('the real train')
          .argument('[files...]')
          .requiredOption('--steps <n>', 'optimizer steps')
          .action((files: string[], options: { steps: string }) => {
            calls.push({ steps: options.steps, files });
          });
      },
    };
  };
  return { load, calls, loads };
}

afterEach(() => vi.restoreAllMocks());

describe('training commands', () => {
  it('are listed by `crossover --help` without loading the trainer', async () => {
    const trainer = fakeTrainer();
    const help = await crossover(trainer.load, '--help');
    expect(help.code).toBe(0);
    for (const name of ['verify', 'score', 'submit', 'train', 'export', 'sample', 'experiment', 'doctor'])
      expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(trainer.loads).toEqual([]);
  });

  it('load the trainer when used and get every argument and option in order', async () => {
    const trainer = fakeTrainer();
    const run = await crossover(trainer.load, 'train', 'a.jsonl', '--steps', '3', 'b.jsonl');
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(trainer.loads).toEqual(['train']);
    expect(trainer.calls).toEqual([{ steps: '3', files: ['a.jsonl', 'b.jsonl'] }]);
  });

  it("show the trainer's help and report its option errors", async () => {
    const trainer = fakeTrainer();
    const help = await crossover(trainer.load, 'train', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--steps <n>');
    const bad = await crossover(trainer.load, 'train');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("required option '--steps <n>' not specified");
    expect(trainer.calls).toEqual([]);
  });

  it('say how to install the trainer when it is missing: one line, exit 1, no stack trace', async () => {
    const missing: TrainerLoader = (command) => importTrainer(command, '@crossover/no-such-trainer');
    const run = await crossover(missing, 'train', '--steps', '3');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'crossover: crossover train needs @crossover/no-such-trainer (the trainer, with TensorFlow.js and ' +
        'onnxruntime), which is not installed; install it next to this CLI: ' +
        `npm install @crossover/no-such-trainer@${CLI_VERSION}\n`,
    );
  });
});
