import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PlotError } from '../errors.js';
import { parseXml, textContent } from '../test-xml.js';
import { escapeXml } from './escape.js';
import { el, fragment, text } from './markup.js';
import { coord } from './number.js';

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;',
    );
  });

  it('replaces characters XML cannot carry and keeps tab, newline and astral characters', () => {
    expect(escapeXml('a\u0000b\u001Fc\uFFFEd\uFFFF')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFD');
    expect(escapeXml('lone \uD800 high, lone \uDC00 low')).toBe('lone \uFFFD high, lone \uFFFD low');
    expect(escapeXml('tab\tnew\nline\r 😀 ∑')).toBe('tab\tnew\nline\r 😀 ∑');
    expect(escapeXml('😀<😀\uD83D')).toBe('😀&lt;😀\uFFFD');
    expect(escapeXml('')).toBe('');
  });
});

describe('escapeXml (property)', () => {
  it('round-trips any string through XML text and attributes, forbidden characters as U+FFFD', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        const escaped = escapeXml(value);
        const root = parseXml(`<a t="${escaped}">${escaped}</a>`);
        const expected = value.replace(
          /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
          '\uFFFD',
        );
        const cleaned = Array.from(expected, (char) => {
          const code = char.charCodeAt(0);
          const control = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
          return control || code === 0xfffe || code === 0xffff ? '\uFFFD' : char;
        }).join('');
        expect(root.attrs.t).toBe(cleaned);
        expect(textContent(root)).toBe(cleaned);
      }),
    );
  });
});

describe('coord', () => {
  it('writes at most two decimals without trailing zeros or negative zero', () => {
    expect([12.5, 3, 1.236, -7.891, -0.001, 0, 100.1].map(coord)).toEqual([
      '12.5',
      '3',
      '1.24',
      '-7.89',
      '0',
      '0',
      '100.1',
    ]);
  });

  it('refuses to write a non-finite number', () => {
    expect(() => coord(Number.NaN)).toThrow(PlotError);
    expect(() => coord(Number.POSITIVE_INFINITY)).toThrow(PlotError);
  });
});

describe('el', () => {
  it('escapes attribute values, writes numbers as coordinates and leaves out undefined and false', () => {
    const markup = el('g', { class: 'a"b', x: 1.005, y: 2.999, hidden: undefined, off: false }, [
      text('<x>'),
    ]);
    expect(markup).toBe('<g class="a&quot;b" x="1" y="3">&lt;x&gt;</g>');
  });

  it('self-closes empty elements and joins fragments', () => {
    expect(fragment([el('circle', { r: 3 }), el('rect', {})])).toBe('<circle r="3"/><rect/>');
  });
});
