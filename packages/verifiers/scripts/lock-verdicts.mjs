// Re-locks the verdicts of modes whose version was bumped: `npm run lock-verdicts -w packages/verifiers`
// (after `npm run build`). A mode whose verdicts changed but whose version did not is refused: bump it in
// src/versions/versions.ts first. `--all` re-locks every mode (only after appending to the corpus).
import { readFileSync, writeFileSync } from 'node:fs';
import { verifierVersions } from '../dist/index.js';
import { parseCorpus, verdictDigest } from '../dist/versions/verdict-digest.js';

const lockUrl = new URL('../src/versions/versions.lock.json', import.meta.url);
const corpus = parseCorpus(readFileSync(new URL('../src/versions/corpus.jsonl', import.meta.url), 'utf8'));
const lock = JSON.parse(readFileSync(lockUrl, 'utf8'));
const all = process.argv.includes('--all');
const refused = [];
const next = {};
for (const task of ['gsm8k', 'countdown']) {
  for (const [mode, version] of Object.entries(verifierVersions(task))) {
    const key = `${task}/${mode}`;
    const digest = verdictDigest(corpus, task, mode);
    const locked = lock[key];
    if (locked && locked.version === version && locked.verdicts !== digest && !all) refused.push(key);
    next[key] = { version, verdicts: digest };
  }
}
if (refused.length > 0) {
  console.error(
    `verdicts changed without a version bump: ${refused.join(', ')}; bump them in src/versions/versions.ts`,
  );
  process.exit(1);
}
writeFileSync(lockUrl, `${JSON.stringify(next, null, 2)}\n`);
console.log(`locked ${Object.keys(next).length} modes`);
