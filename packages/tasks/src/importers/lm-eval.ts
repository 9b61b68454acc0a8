import type { GenerationRecord } from '../scoring/records.js';

/**
 * Reads lm-evaluation-harness `--log_samples` lines (`samples_<task>_<date>.jsonl`). The harness writes one
 * line per document AND per filter (gsm8k has `strict-match` and `flexible-extract`), each with the same raw
 * `resps`, so a document is imported once, from its first line. `resps` holds one list of generations per
 * request; with `repeats: n` that list has n strings, which become samples 0..n-1.
 */
export class LmEvalSamplesImporter {
  private readonly seen = new Set<string>();

  /** @param idPrefix problem ids are `${idPrefix}/${doc_id}`, e.g. `gsm8k/test` */
  constructor(private readonly idPrefix: string) {}

  /** Returns the line's records (empty for a repeated document), or a message saying what is wrong. */
  importLine(value: unknown): GenerationRecord[] | string {
    if (!isLmEvalSample(value)) return 'not an lm-evaluation-harness sample: needs "doc_id" and "resps"';
    const docId = String(value.doc_id);
    if (this.seen.has(docId)) return [];
    const completions = flattenResponses(value.resps);
    if (typeof completions === 'string') return completions;
    this.seen.add(docId);
    const reference = referenceFromDoc(value.doc, value.target);
    return completions.map((completion, sampleIndex) => {
      const record: GenerationRecord = {
        problem_id: `${this.idPrefix}/${docId}`,
        completion,
        sample_index: sampleIndex,
      };
      if (reference !== undefined) record.reference = reference;
      return record;
    });
  }
}

interface LmEvalSample {
  doc_id: number | string;
  doc?: unknown;
  target?: unknown;
  resps: unknown;
}

export function isLmEvalSample(value: unknown): value is LmEvalSample {
  if (typeof value !== 'object' || value === null) return false;
  const sample = value as Record<string, unknown>;
  const id = sample.doc_id;
  return (typeof id === 'number' || typeof id === 'string') && Array.isArray(sample.resps);
}

/** The most generations one document may carry (papers sample up to a few thousand per problem). */
export const MAX_GENERATIONS_PER_DOCUMENT = 65_536;

function flattenResponses(resps: unknown): string[] | string {
  const out: string[] = [];
  const tooMany = `"resps" holds more than ${MAX_GENERATIONS_PER_DOCUMENT} generations`;
  for (const request of resps as unknown[]) {
    if (typeof request === 'string') out.push(request);
    else if (Array.isArray(request) && request.every((item) => typeof item === 'string')) {
      if (out.length + request.length > MAX_GENERATIONS_PER_DOCUMENT) return tooMany;
      // A loop, not push(...request): spreading a long list passes the argument-count limit (RangeError).
      for (const item of request) out.push(item as string);
    } else return '"resps" must be a list of lists of strings';
    if (out.length > MAX_GENERATIONS_PER_DOCUMENT) return tooMany;
  }
  if (out.length === 0) return '"resps" holds no generation';
  return out;
}

/** The gold answer when the sample carries it (GSM8K `doc.answer` or `target`; Countdown `target` + `nums`). */
function referenceFromDoc(doc: unknown, target: unknown): unknown {
  if (typeof doc === 'object' && doc !== null) {
    const fields = doc as Record<string, unknown>;
    if (typeof fields.answer === 'string') return { answer: goldAfterMarker(fields.answer) };
    const numbers = fields.nums ?? fields.numbers;
    if (typeof fields.target === 'number' && Array.isArray(numbers))
      return { target: fields.target, numbers };
  }
  if (typeof target === 'string' && target.includes('####')) return { answer: goldAfterMarker(target) };
  return undefined;
}

function goldAfterMarker(answer: string): string {
  const at = answer.lastIndexOf('####');
  return (at < 0 ? answer : answer.slice(at + 4)).trim();
}
