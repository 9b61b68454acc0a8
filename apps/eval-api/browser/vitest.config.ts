import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../../vitest.shared.js';

// Browser tests: plain Node (not the workers pool) drives Debian's Chromium through playwright-core against
// a local `wrangler dev`. The report goes to $CROSSOVER_TEST_RESULTS/_crossover_eval-api-browser.json.
export default defineConfig({
  // root is browser/: keep Vite's cache with the package's, not in a browser/node_modules of its own
  cacheDir: '../node_modules/.vite',
  test: {
    ...sharedTestConfig('@crossover/eval-api-browser'),
    root: import.meta.dirname,
    include: ['**/*.browser.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
