import { describe, expect, it } from 'vitest';
import { InvalidUtf8Error, Utf8LineDecoder } from './utf8.js';

const encode = (text: string) => new TextEncoder().encode(text);

/** Decodes `bytes` cut into pieces of `size` bytes: the text, or the line named by the error. */
function decodeInPieces(bytes: Uint8Array, size: number): string | number {
  const decoder = new Utf8LineDecoder();
  let text = '';
  try {
    for (let at = 0; at < bytes.length; at += size) text += decoder.decode(bytes.subarray(at, at + size));
    return text + decoder.end();
  } catch (error) {
    if (error instanceof InvalidUtf8Error) return error.line;
    throw error;
  }
}

describe('Utf8LineDecoder', () => {
  it('decodes characters cut between chunks, and names the line of an invalid byte however it is cut', () => {
    const good = encode('é\n€ 𝄞\nplain\n');
    for (const size of [1, 2, 3, 5, 64]) expect(decodeInPieces(good, size)).toBe('é\n€ 𝄞\nplain\n');
    const bad = new Uint8Array([...encode('{"a":"é"}\n{"b":"€"}\n{"c":"'), 0xff, ...encode('"}\n')]);
    for (const size of [1, 2, 3, 7, 64]) expect(decodeInPieces(bad, size)).toBe(3);
    // A lead byte whose character the newline cuts off: the error is on the line the lead byte ends.
    const cut = new Uint8Array([...encode('ok\nx'), 0xe2, 0x82, ...encode('\nnext\n')]);
    for (const size of [1, 2, 4, 64]) expect(decodeInPieces(cut, size)).toBe(2);
    // Cut off by the end of the body.
    expect(decodeInPieces(new Uint8Array([...encode('a\nb\n'), 0xf0, 0x9d]), 64)).toBe(3);
  });
});
