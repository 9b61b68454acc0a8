#!/usr/bin/env node
// The `crossover` command. A committed file rather than dist/cli.js itself: npm links a bin at install time
// only when its file exists, and in a fresh clone dist/ is built after `npm ci`.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'crossover: @crossover/cli is not built; run `npm run build` at the repository root\n',
  );
  process.exit(1);
}
await import(cli.href);
