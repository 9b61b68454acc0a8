// The measuring harness shared by the verifier benchmarks: verdicts per second for every mode at every
// completion size, against a same-run baseline, printed as one table.

export const SIZES = [
  { name: '1KB', bytes: 1_000 },
  { name: '10KB', bytes: 10_000 },
  { name: '100KB', bytes: 100_000 },
];
export const TEXTS_PER_SIZE = 16;
const WARMUP_MS = 100;
/** Each figure is the best of a few short rounds: on a shared machine the best round is the least disturbed. */
const ROUNDS = 3;
const ROUND_MS = 150;

/** Deterministic pseudo-random integers in [0, n), so that every run measures the same texts. */
export function generator(seed) {
  let state = seed >>> 0;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % n;
  };
}

/** Calls `verify` round-robin over the completions for about `ms`; returns calls per second. */
function measure(completions, verify, ms) {
  let calls = 0;
  let sink = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < completions.length; i++) sink += verify(completions[i]);
    calls += completions.length;
    elapsed = performance.now() - started;
  }
  if (sink === -1) console.log(sink); // keeps the results alive
  return (calls / elapsed) * 1000;
}

function rate(completions, verify) {
  measure(completions, verify, WARMUP_MS);
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) best = Math.max(best, measure(completions, verify, ROUND_MS));
  return best;
}

function formatRate(perSecond) {
  return Math.round(perSecond).toLocaleString('en-US').padStart(12);
}

/**
 * Measures and prints the table.
 * @param {{ title: string, modes: readonly string[], buildCompletions: (bytes: number) => object[],
 *   baselineName: string, baseline: (c: object) => number, verify: (mode: string, c: object) => { score: number, correct: boolean } }} spec
 */
export function verdictThroughput(spec) {
  const texts = SIZES.map((size) => ({ ...size, completions: spec.buildCompletions(size.bytes) }));
  const baseline = { mode: spec.baselineName, rates: {} };
  for (const size of texts) baseline.rates[size.name] = rate(size.completions, spec.baseline);
  const rows = spec.modes.map((mode) => {
    const row = { mode, rates: {}, correct: {} };
    for (const size of texts) {
      row.rates[size.name] = rate(size.completions, (c) => spec.verify(mode, c).score);
      row.correct[size.name] = size.completions.filter((c) => spec.verify(mode, c).correct).length;
    }
    return row;
  });
  for (const row of [baseline, ...rows]) {
    row.ratio100kTo10k = row.rates['10KB'] / row.rates['100KB'];
    row.vsBaseline1KB = row.rates['1KB'] / baseline.rates['1KB'];
  }
  console.log(
    `${spec.title}, one core, ${TEXTS_PER_SIZE} completions per size, best of ${ROUNDS} x ${ROUND_MS} ms`,
  );
  console.log(
    `${'mode'.padEnd(22)}${SIZES.map((s) => `${s.name} /s`.padStart(12)).join('')}  t(100KB)/t(10KB)  x baseline@1KB  correct@1KB`,
  );
  for (const row of [baseline, ...rows]) {
    const rates = SIZES.map((s) => formatRate(row.rates[s.name])).join('');
    const correct = row.correct ? `${row.correct['1KB']}/${TEXTS_PER_SIZE}` : '';
    console.log(
      `${row.mode.padEnd(22)}${rates}  ${row.ratio100kTo10k.toFixed(1).padStart(16)}  ${row.vsBaseline1KB.toFixed(2).padStart(14)}  ${correct.padStart(11)}`,
    );
  }
  return { baseline, rows };
}
