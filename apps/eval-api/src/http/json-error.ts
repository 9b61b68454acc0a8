// JSON.parse does not always say where a syntax error is ("Unexpected token '}', ... is not valid JSON").
// On failure only, this scanner walks the text once, without recursion, to find the first offending offset.

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

function skipWhitespace(text: string, at: number): number {
  while (at < text.length && WHITESPACE.has(text[at]!)) at++;
  return at;
}

/** End offset of the string starting at `at` (a quote), or the offset of its error. */
function scanString(text: string, at: number): { end: number } | { error: number } {
  for (let i = at + 1; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') return { end: i + 1 };
    if (char === '\\') {
      const next = text[i + 1];
      if (next === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { error: i };
        i += 5;
      } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i++;
      else return { error: i };
    } else if (char < ' ') return { error: i };
  }
  return { error: text.length };
}

const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/;

/** Offset of the first JSON syntax error in `text`, or null when it is valid JSON. */
export function jsonErrorOffset(text: string): number | null {
  // Each frame: the container, and what it expects next.
  const stack: Array<{ kind: '{' | '['; expect: 'key' | 'colon' | 'value' | 'comma' | 'first' }> = [];
  let at = skipWhitespace(text, 0);
  let expectValue = true;
  for (;;) {
    const top = stack.at(-1);
    if (expectValue) {
      if (at >= text.length) return at;
      const char = text[at]!;
      if (char === '{' || char === '[') {
        stack.push({ kind: char, expect: 'first' });
        at = skipWhitespace(text, at + 1);
        const closing = char === '{' ? '}' : ']';
        if (text[at] === closing) {
          stack.pop();
          at = skipWhitespace(text, at + 1);
          expectValue = false;
          continue;
        }
        if (char === '{') {
          stack.at(-1)!.expect = 'key';
          if (text[at] !== '"') return at;
          const key = scanString(text, at);
          if ('error' in key) return key.error;
          at = skipWhitespace(text, key.end);
          if (text[at] !== ':') return at;
          at = skipWhitespace(text, at + 1);
        }
        continue;
      }
      if (char === '"') {
        const value = scanString(text, at);
        if ('error' in value) return value.error;
        at = value.end;
      } else {
        const match = LITERAL.exec(text.slice(at, at + 400));
        if (!match) return at;
        at += match[0].length;
      }
      at = skipWhitespace(text, at);
      expectValue = false;
      continue;
    }
    if (!top) return at >= text.length ? null : at;
    const char = text[at];
    if (char === ',') {
      at = skipWhitespace(text, at + 1);
      if (top.kind === '{') {
        if (text[at] !== '"') return at;
        const key = scanString(text, at);
        if ('error' in key) return key.error;
        at = skipWhitespace(text, key.end);
        if (text[at] !== ':') return at;
        at = skipWhitespace(text, at + 1);
      }
      expectValue = true;
      continue;
    }
    if ((top.kind === '{' && char === '}') || (top.kind === '[' && char === ']')) {
      stack.pop();
      at = skipWhitespace(text, at + 1);
      continue;
    }
    return at;
  }
}

/** 1-based line of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
