import { describe, expect, it } from 'vitest';
import { installCommand, isInstalled } from './missing-package.js';

describe('isInstalled', () => {
  it('finds a dependency of this package and not a package that is nowhere', () => {
    expect(isInstalled('commander', import.meta.url)).toBe(true);
    expect(isInstalled('@crossover/verifiers', import.meta.url)).toBe(true);
    expect(isInstalled('@crossover/no-such-package', import.meta.url)).toBe(false);
  });

  it('finds nothing from a folder outside every node_modules tree', () => {
    expect(isInstalled('commander', 'file:///no-such-folder/index.js')).toBe(false);
  });
});

describe('installCommand', () => {
  it('names each package with its version range, or alone when it has none', () => {
    expect(installCommand({ 'onnxruntime-node': '^1.23.2', '@crossover/trainer': '' })).toBe(
      'npm install onnxruntime-node@^1.23.2 @crossover/trainer',
    );
  });
});
