// Throughput of every GSM8K verifier mode on realistic completions of ~1 KB, 10 KB and 100 KB, against a
// same-run baseline: a plain `text.lastIndexOf('####')` over the same texts. Linear scaling shows as a
// time(100 KB) / time(10 KB) ratio near 10. Build first: `npx tsc -p tsconfig.build.json` in
// packages/verifiers. Run: `node bench/verifiers-gsm8k.mjs`.
import { pathToFileURL } from 'node:url';
import { GSM8K_MODES, verifyGsm8k } from '@crossover/verifiers';
import { generator, TEXTS_PER_SIZE, verdictThroughput } from './lib/verdict-throughput.mjs';

const NAMES = ['Janet', 'Tom', 'Maria', 'The farmer', 'A bakery', 'Kylar'];
const ITEMS = ['eggs', 'apples', 'cupcakes', 'glasses', 'bolts of fiber', 'sprints'];

/** One GSM8K-style reasoning step with a calculator annotation, like the dataset's solutions. */
function reasoningStep(random) {
  const a = 2 + random(98);
  const b = 2 + random(20);
  const name = NAMES[random(NAMES.length)];
  const item = ITEMS[random(ITEMS.length)];
  switch (random(3)) {
    case 0:
      return `${name} has ${a} ${item} and buys ${b} more, so ${a} + ${b} = <<${a}+${b}=${a + b}>>${a + b} ${item}.\n`;
    case 1:
      return `Each of the ${b} boxes holds ${a} ${item}, which makes ${a} * ${b} = $<<${a}*${b}=${a * b}>>${a * b} in total.\n`;
    default:
      return `Let me check that step again: ${a * b} / ${b} = ${a}, so the count of ${item} is consistent.\n`;
  }
}

/** The answer at the end, in the formats models use; index 4 is wrong on purpose. */
function ending(kind, answer) {
  switch (kind % 5) {
    case 0:
      return `#### ${answer}`;
    case 1:
      return `So the answer is $\\boxed{${answer.toLocaleString('en-US')}}$.`;
    case 2:
      return `The answer is ${answer}.`;
    case 3:
      return `So she makes $${answer.toLocaleString('en-US')} every day.`;
    default:
      return `#### ${answer + 1}`;
  }
}

/** Completions of about `bytes` characters: whole reasoning lines, then the answer line. */
export function buildCompletions(bytes, count = TEXTS_PER_SIZE) {
  const random = generator(bytes);
  const completions = [];
  for (let k = 0; k < count; k++) {
    // Most GSM8K answers are small; some are large enough to be written with thousands separators.
    const answer = random(3) === 0 ? 1000 + random(100_000) : 2 + random(500);
    const tail = ending(k, answer);
    let text = '';
    while (text.length + tail.length < bytes) text += reasoningStep(random);
    const lastWholeLine = text.lastIndexOf('\n', bytes - tail.length - 1) + 1;
    completions.push({ text: text.slice(0, lastWholeLine) + tail, gold: String(answer) });
  }
  return completions;
}

export async function main() {
  return verdictThroughput({
    title: 'GSM8K verdicts per second (mixed answer formats)',
    modes: GSM8K_MODES,
    buildCompletions,
    baselineName: 'baseline lastIndexOf',
    baseline: (c) => (c.text.lastIndexOf('####') >= 0 ? 1 : 0),
    verify: (mode, c) => verifyGsm8k(c.text, { answer: c.gold }, { mode }),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
