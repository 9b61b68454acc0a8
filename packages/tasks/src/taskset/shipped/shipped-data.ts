import type { TaskSet } from '../../problem.js';

/** A taskset bundled with the package: its label and digest, and its problems as taskset-file lines. */
export interface ShippedTasksetData {
  readonly taskset: TaskSet;
  /** Where the problems came from, for the record. */
  readonly origin: string;
  /** One JSON object a line, in the taskset-file format (see taskset/problems-jsonl.ts). */
  readonly lines: readonly string[];
}
