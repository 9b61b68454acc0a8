import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../vitest.shared.js';

export default defineConfig({
  test: {
    ...sharedTestConfig('@crossover/e2e'),
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    testTimeout: 600_000,
  },
});
