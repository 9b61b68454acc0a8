import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER } from '../backend/select.js';
import { defaultsOf } from './commander.js';
import { flagName, type OptionSpec, optionKeys, TRAIN_OPTIONS } from './options.js';
import { parseTrainArgs, trainCommand } from './test-helpers.js';

const specs = optionKeys().map((key) => [key, TRAIN_OPTIONS[key] as OptionSpec] as const);

describe('commander options from the option table', () => {
  it('registers every option once, and the --no- form of each switch', () => {
    const longs = trainCommand().options.map((o) => o.long);
    const negated = specs.filter(([, spec]) => spec.negatedHelp).map(([key]) => `--no-${flagName(key)}`);
    expect(longs).toEqual(
      specs.flatMap(([key, spec]) => [
        `--${flagName(key)}`,
        ...(spec.negatedHelp ? [`--no-${flagName(key)}`] : []),
      ]),
    );
    expect(new Set(longs).size).toBe(longs.length);
    expect(negated).toEqual(['--no-drop-uniform']);
  });

  it('shows every default and every RL default in the help', () => {
    const help = trainCommand().helpInformation().replace(/\s+/g, ' ');
    for (const [key, spec] of specs) {
      const shown = defaultsOf(spec);
      if (spec.default !== undefined) expect(shown).toContain(`default: ${String(spec.default)}`);
      if (spec.rl !== undefined) expect(shown).toContain(`RL: ${String(spec.rl)}`);
      if (shown) expect(help, `--${flagName(key)}`).toContain(`(${shown})`);
    }
    expect(help).toContain('peak learning rate (default: 0.001; RL: 0.00001)');
  });

  it('has defaults that its own schemas accept', () => {
    for (const [key, spec] of specs)
      for (const value of [spec.default, spec.rl].filter((v) => v !== undefined))
        expect(spec.kind.schema.safeParse(value).success, `--${flagName(key)} ${String(value)}`).toBe(true);
  });

  it('offers the backends that backend/select.ts can load', () => {
    expect(TRAIN_OPTIONS.backend.kind.choices).toEqual(['auto', ...BACKEND_ORDER]);
  });

  it('passes on only what the command line gave, typed', async () => {
    expect(await parseTrainArgs([])).toEqual({});
    expect(
      await parseTrainArgs(['--lr', '3e-4', '--steps', '5', '--no-drop-uniform', '--loss', 'constant']),
    ).toEqual({
      lr: 3e-4,
      steps: 5,
      dropUniform: false,
      loss: 'constant',
    });
  });

  it('refuses a value outside the choices, naming the option', async () => {
    await expect(parseTrainArgs(['--loss', 'sum'])).rejects.toThrow(
      /option '--loss <mode>' argument 'sum' is invalid/,
    );
  });
});
