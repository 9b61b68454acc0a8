import { normaliseKs } from '../k-grid/k-grid.js';
import { passAtKCurve } from '../pass-at-k/pass-at-k.js';
import {
  assertKsWithin,
  columnMeans,
  type ProblemCounts,
  passAtKTable,
  smallestProblem,
} from './problem-table.js';

export interface DatasetCurve {
  k: number[];
  /** mean pass@k over problems at each k */
  pass_at_k: number[];
}

/** The dataset pass@k curve: at the given ks, or at every k from 1 to the smallest n. */
export function curveOf(problems: ReadonlyArray<ProblemCounts>, ks?: ReadonlyArray<number>): DatasetCurve {
  if (ks) {
    const grid = normaliseKs(ks);
    assertKsWithin(grid, problems);
    return { k: grid, pass_at_k: [...columnMeans(passAtKTable(problems, grid).values, grid.length)] };
  }
  const smallest = smallestProblem(problems).n;
  const sums = new Float64Array(smallest);
  for (const { n, c } of problems) {
    const curve = passAtKCurve(n, c);
    for (let i = 0; i < smallest; i++) sums[i] = (sums[i] as number) + (curve[i] as number);
  }
  return {
    k: Array.from({ length: smallest }, (_, i) => i + 1),
    pass_at_k: Array.from(sums, (total) => total / problems.length),
  };
}
