import { MetricsError } from '../errors.js';
import { passAtKPoints } from '../pass-at-k/pass-at-k.js';

export interface ProblemCounts {
  problem_id?: string;
  n: number;
  c: number;
}

/** pass@k of every problem at every k: a row-major P x K matrix, plus the sampling variances. */
export function passAtKTable(
  problems: ReadonlyArray<ProblemCounts>,
  ks: ReadonlyArray<number>,
): { values: Float64Array; variances: Array<Array<number | null>> } {
  const values = new Float64Array(problems.length * ks.length);
  const variances: Array<Array<number | null>> = ks.map(() => []);
  problems.forEach(({ n, c }, p) => {
    const points = passAtKPoints(n, c, ks);
    values.set(points.pass, p * ks.length);
    points.variance.forEach((v, j) => {
      variances[j]?.push(v);
    });
  });
  return { values, variances };
}

/** Column means of a row-major matrix. */
export function columnMeans(values: Float64Array, columns: number): Float64Array {
  const rows = values.length / columns;
  const means = new Float64Array(columns);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < columns; j++) means[j] = (means[j] as number) + (values[r * columns + j] as number);
  }
  for (let j = 0; j < columns; j++) means[j] = (means[j] as number) / rows;
  return means;
}

export function column(values: Float64Array, columns: number, j: number): Float64Array {
  const rows = values.length / columns;
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) out[r] = values[r * columns + j] as number;
  return out;
}

/** Every k must be estimable from every problem: k <= the smallest n. */
export function assertKsWithin(ks: ReadonlyArray<number>, problems: ReadonlyArray<ProblemCounts>): void {
  const smallest = smallestProblem(problems);
  const tooLarge = ks.find((k) => k > smallest.n);
  if (tooLarge !== undefined) {
    const which = smallest.problem_id === undefined ? '' : ` (problem ${smallest.problem_id})`;
    throw new MetricsError(
      `k=${tooLarge} exceeds the smallest number of samples per problem, n=${smallest.n}${which}; ` +
        'pass@k, pass^k and maj@k need k <= n',
    );
  }
}

export function smallestProblem(problems: ReadonlyArray<ProblemCounts>): ProblemCounts {
  let smallest = problems[0];
  if (!smallest) throw new MetricsError('no problems to compute metrics over');
  for (const p of problems) if (p.n < smallest.n) smallest = p;
  return smallest;
}
