import { type ProblemAggregate, passAtK, problemStandardError } from './scoring-packages.js';

/** [n, c, problems]: how many problems had n samples with c correct. */
export type PassCounts = Array<[number, number, number]>;

/** The (n, c) histogram of a scored run: small (at most one entry per distinct pair), and enough for pass@k. */
export function passCounts(aggregates: readonly Pick<ProblemAggregate, 'n' | 'c'>[]): PassCounts {
  const counts = new Map<string, [number, number, number]>();
  for (const { n, c } of aggregates) {
    const key = `${n}:${c}`;
    const entry = counts.get(key);
    if (entry) entry[2]++;
    else counts.set(key, [n, c, 1]);
  }
  return [...counts.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/**
 * The dataset pass@k (mean over problems of the unbiased estimator) and its problem-level standard error, or
 * null when some problem has fewer than k samples.
 */
export function passAtKFromCounts(counts: PassCounts, k: number): { value: number; se: number } | null {
  if (counts.length === 0 || counts.some(([n]) => n < k)) return null;
  const values: number[] = [];
  for (const [n, c, problems] of counts) {
    const value = passAtK(n, c, k);
    for (let i = 0; i < problems; i++) values.push(value);
  }
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return { value: mean, se: problemStandardError(values) };
}

/** Stores a scored run's (n, c) histogram, in the batch that stores its report, after it. */
export function passCountsStatement(
  db: D1Database,
  runId: string,
  aggregates: readonly Pick<ProblemAggregate, 'n' | 'c'>[],
): D1PreparedStatement {
  return db
    .prepare("UPDATE runs SET pass_counts = ? WHERE id = ? AND status = 'scored'")
    .bind(JSON.stringify(passCounts(aggregates)), runId);
}
