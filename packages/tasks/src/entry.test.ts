// The main entry must run in a Cloudflare Worker: no module it reaches may import node: or a Node builtin.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageDir } from './test-support.js';

function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [
    ...source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm),
    ...source.matchAll(/import\(\s*'([^']+)'\s*\)/g),
  ].map((m) => m[1]!);
}

/** Every module reachable from an entry file, and every non-relative specifier they import. */
function reachable(entry: string): { files: string[]; external: Set<string> } {
  const files = new Set<string>();
  const external = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else external.add(specifier);
    }
  }
  return { files: [...files], external };
}

describe('entry points', () => {
  it('the main entry reaches no Node builtin', () => {
    const { files, external } = reachable(join(packageDir, 'src/index.ts'));
    expect(files.length).toBeGreaterThan(15);
    expect(files.some((f) => f.includes('/node/'))).toBe(false);
    const builtins = new Set(builtinModules);
    const nodeOnly = [...external].filter((s) => s.startsWith('node:') || builtins.has(s.split('/')[0]!));
    expect(nodeOnly).toEqual([]);
    expect([...external].sort()).toEqual(['@crossover/metrics', '@crossover/verifiers']);
  });

  it('the node entry is where the file and cache code lives', () => {
    const { external } = reachable(join(packageDir, 'src/node/index.ts'));
    expect([...external].filter((s) => s.startsWith('node:')).sort()).toEqual([
      'node:fs/promises',
      'node:os',
      'node:path',
    ]);
  });

  it('package.json exports both entries from dist', () => {
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    expect(pkg.exports).toEqual({
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
      './node': { types: './dist/node/index.d.ts', import: './dist/node/index.js' },
    });
  });
});
