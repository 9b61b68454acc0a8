import { describe, expect, it } from 'vitest';
import { byClass, parseXml, textContent, tooltipOf } from './test-xml.js';

// The checker the chart tests rely on must itself reject malformed XML, or those tests could not fail.
describe('parseXml (test helper)', () => {
  it('parses elements, attributes, text and entities', () => {
    const root = parseXml(
      '<svg a="1 &amp; 2"><g class="x y"><title>a &lt; b</title></g><g class="y"/></svg>',
    );
    expect(root.attrs.a).toBe('1 & 2');
    expect(byClass(root, 'y').length).toBe(2);
    expect(tooltipOf(byClass(root, 'x')[0] as never)).toBe('a < b');
    expect(textContent(root)).toBe('a < b');
  });

  it.each([
    ['<svg><g></svg>', 'closes'],
    ['<svg><g>', 'never closed'],
    ['<svg a=1/>', "expected '=\"'"],
    ['<svg a="1" a="2"/>', 'duplicate attribute'],
    ['<svg a="<"/>', "raw '<'"],
    ['<svg>a & b</svg>', "stray '&'"],
    ['<svg>&nbsp;</svg>', "stray '&'"],
    ['<svg>\u0001</svg>', 'control character'],
    ['<svg/><svg/>', 'after the root'],
    ['<svg a="1"b="2"/>', 'whitespace'],
  ])('rejects %j', (source, message) => {
    expect(() => parseXml(source)).toThrow(message);
  });
});
