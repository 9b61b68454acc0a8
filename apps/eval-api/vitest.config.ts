import { join } from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';
import { sharedTestConfig } from '../../vitest.shared.js';

// Tests run inside workerd with the bindings of wrangler.jsonc (local D1, R2, queues, rate limiters);
// the migrations are applied by test/setup.ts, and the limits are lowered so that 413s are cheap to provoke.
export default defineConfig(async () => {
  const migrations = await readD1Migrations(join(import.meta.dirname, 'migrations'));
  const shared = sharedTestConfig('@crossover/eval-api');
  return {
    plugins: [
      cloudflareTest({
        main: './src/index.ts',
        wrangler: { configPath: './wrangler.jsonc' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_SECRET: 'test-admin-secret-0123456789',
            MAX_SCORE_BYTES: String(4 * 1024 * 1024),
            MAX_INLINE_RUN_BYTES: String(2 * 1024 * 1024),
            MAX_UPLOAD_BYTES: String(8 * 1024 * 1024),
            CHUNK_RECORDS: '400',
          },
        },
      }),
    ],
    test: { ...shared, include: ['test/**/*.test.ts', 'src/**/*.test.ts'], setupFiles: ['./test/setup.ts'] },
  };
});
