import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { flagName, optionKeys } from './options.js';
import { optionsTable, TABLE_END, TABLE_START, tableInReadme } from './readme.js';

const readmePath = join(import.meta.dirname, '..', '..', 'README.md');

describe('the README option table', () => {
  it('is the table generated from the option table', async () => {
    const readme = await readFile(readmePath, 'utf8');
    expect(tableInReadme(readme), `README.md needs ${TABLE_START} ... ${TABLE_END}`).toBe(optionsTable());
  });

  it('has one row per option, in the order of the table', () => {
    const flags = [...optionsTable().matchAll(/^\| `--([\w-]+)/gm)].map((m) => m[1]);
    expect(flags).toEqual(optionKeys().map(flagName));
  });

  it('finds no table without both markers', () => {
    expect(tableInReadme(`# title\n${TABLE_START}\n| a |\n`)).toBeNull();
    expect(tableInReadme(`${TABLE_START}\n| a |\n${TABLE_END}`)).toBe('| a |');
  });
});
