// Throughput of every Countdown verifier mode on realistic completions of ~1 KB, 10 KB and 100 KB
// (reasoning inside <think>, then `</think>\n<answer>...</answer>` at the end), against a same-run
// baseline: a plain `text.lastIndexOf('<answer>')` over the same texts. Linear scaling would show as a
// time(100 KB) / time(10 KB) ratio near 10; the modes that scan from the end stay near 1. Build first:
// `npx tsc -p tsconfig.build.json` in packages/verifiers. Run: `node bench/verifiers-countdown.mjs`.
import { pathToFileURL } from 'node:url';
import { COUNTDOWN_MODES, verifyCountdown } from '@crossover/verifiers';
import { generator, TEXTS_PER_SIZE, verdictThroughput } from './lib/verdict-throughput.mjs';

/** One line of the trial-and-error reasoning that Countdown models write. */
function reasoningStep(random, numbers) {
  const a = numbers[random(numbers.length)];
  const b = numbers[random(numbers.length)];
  switch (random(3)) {
    case 0:
      return `Let me try ${a} + ${b} = ${a + b}, that is not quite the target yet.\n`;
    case 1:
      return `What about ${a} * ${b} = ${a * b}? Then I would still need to use the other numbers.\n`;
    default:
      return `Maybe ${a} - ${b} = ${a - b} and then combine it with the rest, let me check.\n`;
  }
}

/** A problem whose answer `(a + b) * c - d` is right, or off by one for every fourth completion. */
function problem(random, k) {
  const [a, b, c, d] = [1 + random(99), 1 + random(99), 1 + random(9), 1 + random(99)];
  const value = (a + b) * c - d;
  return {
    numbers: [a, b, c, d],
    target: k % 4 === 3 ? value + 1 : value,
    equation: `(${a} + ${b}) * ${c} - ${d}`,
  };
}

export function buildCompletions(bytes, count = TEXTS_PER_SIZE) {
  const random = generator(bytes);
  const completions = [];
  for (let k = 0; k < count; k++) {
    const { numbers, target, equation } = problem(random, k);
    const tail = ` Found it.</think>\n<answer>${equation}</answer>`;
    let text = ' ';
    while (text.length + tail.length < bytes) text += reasoningStep(random, numbers);
    completions.push({ text: text.slice(0, bytes - tail.length) + tail, reference: { target, numbers } });
  }
  return completions;
}

export async function main() {
  return verdictThroughput({
    title: 'Countdown verdicts per second (3 of 4 correct)',
    modes: COUNTDOWN_MODES,
    buildCompletions,
    baselineName: 'baseline lastIndexOf',
    baseline: (c) => (c.text.lastIndexOf('<answer>') >= 0 ? 1 : 0),
    verify: (mode, c) => verifyCountdown(c.text, c.reference, { mode }),
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
