import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planParts } from './plan-parts.js';

const dir = mkdtempSync(join(tmpdir(), 'crossover-plan-'));
let files = 0;
function fileOf(text: string): string {
  const path = join(dir, `${files++}.jsonl`);
  writeFileSync(path, text);
  return path;
}

describe('planParts', () => {
  it('cuts at line ends, keeps blank lines and a long line with a part, and sends a missing last newline', async () => {
    const text = 'aaaa\nbb\n\ncccccccccc\ndd';
    const plan = await planParts(fileOf(text), 8);
    expect(
      plan.map(({ start, end, appendNewline, records }) => ({ start, end, appendNewline, records })),
    ).toEqual([
      { start: 0, end: 9, appendNewline: false, records: 2 },
      { start: 9, end: 20, appendNewline: false, records: 1 },
      { start: 20, end: 22, appendNewline: true, records: 1 },
    ]);
    expect(plan[2]).toMatchObject({ bytes: 3, digest: createHash('sha256').update('dd\n').digest('hex') });
  });

  it('gives parts that join into the file, each with a record and within the size unless one record is longer', async () => {
    const line = fc.stringMatching(/^[a-z{}":,]{0,30}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 40 }),
        fc.integer({ min: 1, max: 64 }),
        async (lines, size) => {
          const text = lines.map((l) => `${l}\n`).join('');
          if (!lines.some((l) => l !== '')) return; // no records: nothing the server would take
          const plan = await planParts(fileOf(text), size);
          const sent = plan.map((part) => text.slice(part.start, part.end));
          expect(sent.join('')).toBe(text);
          for (const [i, part] of plan.entries()) {
            expect(part.part).toBe(i + 1);
            expect(sent[i]!.endsWith('\n')).toBe(true);
            // Every part holds a record; up to its last record it fits the size unless that is its only one.
            expect(part.records).toBeGreaterThan(0);
            const upToLastRecord = sent[i]!.replace(/\n+$/, '\n');
            if (part.records > 1) expect(upToLastRecord.length).toBeLessThanOrEqual(size);
            expect(part.digest).toBe(createHash('sha256').update(sent[i]!).digest('hex'));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
