// Shared vitest settings: every package writes a JSON report next to the others so that the root test
// command can print one closing line for the whole monorepo.
import { join } from 'node:path';
import type { ViteUserConfig } from 'vitest/config';

export function sharedTestConfig(packageName: string): NonNullable<ViteUserConfig['test']> {
  const resultsDir = process.env.CROSSOVER_TEST_RESULTS;
  const reporters: NonNullable<ViteUserConfig['test']>['reporters'] = resultsDir
    ? ['default', ['json', { outputFile: join(resultsDir, `${packageName.replace(/[@/]/g, '_')}.json`) }]]
    : ['default'];
  return { reporters, include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 };
}
