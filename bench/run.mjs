// Runs every benchmark under bench/ (or those named on the command line), one after the other so that they
// do not compete for the CPU. Each benchmark prints its own table with ratios against a baseline measured
// in the same run; these are never pass/fail tests.
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((file) => file.endsWith('.mjs') && file !== 'run.mjs')
  .filter((file) => wanted.length === 0 || wanted.some((name) => file.includes(name)))
  .sort();

for (const file of files) {
  console.log(`\n=== ${basename(file, '.mjs')} ===`);
  const module = await import(pathToFileURL(join(here, file)).href);
  if (typeof module.main === 'function') await module.main();
}
