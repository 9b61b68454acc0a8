// TaskSet digests. The canonical problem list is one line per problem, `{"id":...,"reference":...}` as
// JSON with object keys sorted (recursively) and no whitespace, each line ending in "\n", lines sorted by
// id in Unicode code point order, encoded as UTF-8. The digest is the lowercase hex SHA-256 of that text.
// Prompts and other fields are left out: a score depends only on which ids were asked and their answers.
import type { Problem, TaskSet } from '../problem.js';

/** JSON with object keys sorted at every level; refuses values JSON cannot represent exactly. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot encode ${value} in canonical JSON`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => compareCodePoints(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new TypeError(`cannot encode a ${typeof value} in canonical JSON`);
}

// UTF-16 order differs from code point order only where surrogates meet U+E000..U+FFFF; shifting the
// surrogates above that block makes a plain comparison agree with code points (and with UTF-8 bytes).
function codeUnitRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) - codeUnitRank(y);
  }
  return a.length - b.length;
}

/** The canonical problem list that a TaskSet digest is taken over; throws on a repeated id. */
export function canonicalProblemList(problems: readonly Pick<Problem, 'id' | 'reference'>[]): string {
  const sorted = [...problems].sort((a, b) => compareCodePoints(a.id, b.id));
  let text = '';
  sorted.forEach((problem, i) => {
    if (i > 0 && sorted[i - 1]!.id === problem.id)
      throw new Error(`duplicate problem id ${JSON.stringify(problem.id)}`);
    text += `${canonicalJson({ id: problem.id, reference: problem.reference })}\n`;
  });
  return text;
}

/** Lowercase hex SHA-256 of text (UTF-8) or bytes, by WebCrypto: the same in Node 20 and in Workers. */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const hash = await globalThis.crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function tasksetDigest(problems: readonly Pick<Problem, 'id' | 'reference'>[]): Promise<string> {
  return sha256Hex(canonicalProblemList(problems));
}

export interface TasksetLabel {
  split: string;
  version: string;
}

/** A TaskSet for any list of problems of one task (a user's file, a generated set). */
export async function tasksetFromProblems(
  problems: readonly Problem[],
  label: TasksetLabel,
): Promise<TaskSet> {
  const task = problems[0]?.task;
  if (task === undefined) throw new Error('a taskset needs at least one problem');
  const other = problems.find((p) => p.task !== task);
  if (other) throw new Error(`a taskset holds one task: ${other.id} is ${other.task}, not ${task}`);
  return {
    task,
    split: label.split,
    version: label.version,
    size: problems.length,
    digest: await tasksetDigest(problems),
  };
}
