// Countdown solver benchmark: milliseconds per instance for 3, 4, 5 and 6 numbers, first solution
// (limit 1) against all distinct solutions, with a baseline measured in the same run: the textbook
// search that combines pairs with no memo and no deduplication (naiveCountdownSearch). Instances come
// from the seeded generator with the package defaults (numbers 1..99, targets 1..100), so every run
// times the same work. Imports the built package: run `npm run build` first.
//
//   node bench/countdown-solver.mjs [--quick]      (or through bench/run.mjs, which calls main())
import { pathToFileURL } from 'node:url';
import { countSolutions, generateCountdown, naiveCountdownSearch, solveCountdown } from '@crossover/tasks';

// The baseline is slow with six numbers, so it runs on fewer instances there.
const PLAN = [
  { size: 3, instances: 300, baselineInstances: 300 },
  { size: 4, instances: 200, baselineInstances: 100 },
  { size: 5, instances: 60, baselineInstances: 20 },
  { size: 6, instances: 20, baselineInstances: 3, baselineRepeats: 1 },
];

// The best of `repeats` passes: on a shared machine the minimum is the least disturbed measurement.
function msPerInstance(instances, run, repeats = 3) {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    for (const { numbers, target } of instances) run(numbers, target);
    best = Math.min(best, (performance.now() - start) / instances.length);
  }
  return best;
}

function fixed(value, digits = 3) {
  return value.toFixed(digits).padStart(10);
}

export function main({ quick = process.argv.includes('--quick') } = {}) {
  console.log('countdown solver, ms per instance (numbers 1..99, targets 1..100, seed 1)');
  console.log('numbers  instances     first       all  baseline   baseline/all  solutions(mean)');
  for (const { size, instances: count, baselineInstances, baselineRepeats = 3 } of PLAN) {
    const n = quick ? Math.max(2, Math.ceil(count / 10)) : count;
    const instances = [...generateCountdown({ seed: 1, count: n, minCount: size, maxCount: size })];
    const subset = instances.slice(
      0,
      quick ? Math.max(1, Math.ceil(baselineInstances / 10)) : baselineInstances,
    );
    // Warm up the JIT on the same code paths before timing.
    const warmup = instances.slice(0, 5);
    msPerInstance(warmup, (numbers, target) => solveCountdown(numbers, target, { limit: 1 }), 1);
    msPerInstance(warmup, (numbers, target) => solveCountdown(numbers, target), 1);
    if (size <= 4) msPerInstance(warmup, (numbers, target) => naiveCountdownSearch(numbers, target), 1);
    const first = msPerInstance(instances, (numbers, target) =>
      solveCountdown(numbers, target, { limit: 1 }),
    );
    const all = msPerInstance(instances, (numbers, target) => solveCountdown(numbers, target));
    const allOnSubset = msPerInstance(subset, (numbers, target) => solveCountdown(numbers, target));
    const baseline = msPerInstance(
      subset,
      (numbers, target) => naiveCountdownSearch(numbers, target),
      baselineRepeats,
    );
    const meanSolutions =
      instances.reduce((sum, { numbers, target }) => sum + countSolutions(numbers, target), 0) / n;
    console.log(
      `${String(size).padStart(7)}  ${String(n).padStart(9)}${fixed(first)}${fixed(all)}${fixed(baseline)}` +
        `${(baseline / allOnSubset).toFixed(1).padStart(14)}x${meanSolutions.toFixed(1).padStart(17)}`,
    );
  }
  console.log(
    'best of 3 passes (baseline with 6 numbers: 1 pass); baseline/all compares the two on the baseline instances.',
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
