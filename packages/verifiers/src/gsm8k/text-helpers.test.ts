// The low-level helpers agree with the built-ins (or the Python behaviour) they stand in for.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pythonStrip } from '../python-whitespace.js';
import { lastCodePointsStart } from './python-text.js';
import { indexOfAnchored, lastIndexBefore, lastIndexOf } from './search.js';

const PATTERNS = ['####', '#### ', '\\boxed{', '\\boxed', '</s>', '<|im_end|>', 'The answer is ', 'Q:', 'aa'];
const text = fc
  .array(
    fc.constantFrom('#', ' ', 'a', '<', '/', 's', '>', '|', '\\boxed', '{', 'The answer is', 'Q', ':', 'x'),
    {
      maxLength: 40,
    },
  )
  .map((pieces) => pieces.join(''));

describe('search', () => {
  it('indexOfAnchored equals String#indexOf for every anchor and start', () => {
    fc.assert(
      fc.property(
        text,
        fc.constantFrom(...PATTERNS),
        fc.nat(),
        fc.nat({ max: 50 }),
        (subject, pattern, anchor, from) => {
          const anchorAt = anchor % pattern.length;
          expect(indexOfAnchored(subject, pattern, anchorAt, from)).toBe(subject.indexOf(pattern, from));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('lastIndexOf and lastIndexBefore equal String#lastIndexOf', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(...PATTERNS), fc.nat({ max: 60 }), (subject, pattern, index) => {
        expect(lastIndexOf(subject, pattern)).toBe(subject.lastIndexOf(pattern));
        expect(lastIndexBefore(subject, pattern, index)).toBe(
          index <= 0 ? -1 : subject.lastIndexOf(pattern, index - 1),
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('python-text', () => {
  it("lastCodePointsStart is where Python's text[-n:] starts", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '\u{1f600}', '\ud800', '\udc00', '\u00e9'), maxLength: 60 }),
        fc.nat({ max: 70 }),
        (subject, count) => {
          const codePoints = Array.from(subject);
          const expected = codePoints.slice(Math.max(0, codePoints.length - count)).join('');
          expect(subject.slice(lastCodePointsStart(subject, count))).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("pythonStrip strips exactly Python's whitespace set", () => {
    expect(pythonStrip('\u001c\u0085\u00a0 18 \u3000\u2028')).toBe('18');
    // JavaScript's trim() removes the BOM and keeps \x1c-\x1f and \x85; Python does the opposite.
    expect(pythonStrip('\ufeff18\ufeff')).toBe('\ufeff18\ufeff');
    expect(pythonStrip(' \t\n')).toBe('');
  });
});
