import { describe, expect, it } from 'vitest';
import { ByteTokenizer } from '../tokenizer/bytes.js';
import { cutAtStopStrings, parseStopStrings } from './stop-strings.js';

const tokenizer = new ByteTokenizer();
const decode = (t: number[]) => tokenizer.decode(t);
const tokens = (text: string) => tokenizer.encode(text);

describe('cutAtStopStrings', () => {
  it('ends the completion before the first stop string and counts the tokens it needed', () => {
    const text = '9 * 2 = 18\n#### 18\n\nQuestion: a new one\n#### 3';
    const cut = cutAtStopStrings(tokens(text), decode, ['\n\nQuestion:', '#### 3']);
    expect(cut).toEqual({ completion: '9 * 2 = 18\n#### 18', numTokens: 18, stopped: true });
  });

  it('takes whichever stop string comes first in the text, not in the list', () => {
    const cut = cutAtStopStrings(tokens('a Q: b </s> c'), decode, ['</s>', 'Q:']);
    expect(cut.completion).toBe('a ');
  });

  it('leaves a completion without stop strings, or with none given, as it is', () => {
    expect(cutAtStopStrings(tokens('#### 18'), decode, ['Question:'])).toEqual({
      completion: '#### 18',
      numTokens: 7,
      stopped: false,
    });
    expect(cutAtStopStrings(tokens('Question: x'), decode, []).stopped).toBe(false);
  });

  it('counts multi-byte characters by the tokens that spelled them', () => {
    const cut = cutAtStopStrings(tokens('é€Q:z'), decode, ['Q:']);
    expect(cut).toEqual({ completion: 'é€', numTokens: 5, stopped: true }); // 2 + 3 bytes
  });

  it('cuts at the very start (an empty completion)', () => {
    expect(cutAtStopStrings(tokens('Q: x'), decode, ['Q:'])).toEqual({
      completion: '',
      numTokens: 0,
      stopped: true,
    });
  });
});

describe('parseStopStrings', () => {
  it('reads one string with escapes, or a JSON list', () => {
    expect(parseStopStrings('\\n\\nQuestion:')).toEqual(['\n\nQuestion:']);
    expect(parseStopStrings('["Q:", "</s>"]')).toEqual(['Q:', '</s>']);
  });

  it('refuses an empty string, a list with an empty or non-string entry, and broken JSON', () => {
    expect(() => parseStopStrings('')).toThrow(/non-empty string/);
    expect(() => parseStopStrings('["Q:", ""]')).toThrow(/JSON list of non-empty strings/);
    expect(() => parseStopStrings('[1]')).toThrow(/JSON list/);
    expect(() => parseStopStrings('["Q:"')).toThrow(/JSON list/);
  });
});
