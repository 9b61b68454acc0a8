const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escapes text for XML character data and for attribute values (single or double quoted), and replaces
 * the characters XML 1.0 forbids even when escaped with U+FFFD: C0 controls other than tab, newline
 * and carriage return, lone surrogates, U+FFFE and U+FFFF (one of them would make a standalone .svg
 * unparseable). Every user-supplied string goes through this.
 */
export function escapeXml(value: string): string {
  const input = String(value);
  const first = firstToReplace(input);
  if (first === -1) return input; // the common case: nothing to escape, no copy
  let out = input.slice(0, first);
  for (let i = first; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (isHighSurrogate(code) && isLowSurrogate(input.charCodeAt(i + 1))) {
      out += input.slice(i, i + 2);
      i += 1;
    } else if (isForbidden(code)) {
      out += '\uFFFD';
    } else {
      const char = input[i] as string;
      out += ENTITIES[char] ?? char;
    }
  }
  return out;
}

function firstToReplace(input: string): number {
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (code === 0x26 || code === 0x3c || code === 0x3e || code === 0x22 || code === 0x27) return i;
    if (code < 0x20 || code >= 0xd800) {
      if (isHighSurrogate(code) && isLowSurrogate(input.charCodeAt(i + 1))) i += 1;
      else if (isForbidden(code)) return i;
    }
  }
  return -1;
}

function isForbidden(code: number): boolean {
  const control = code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;
  return control || isHighSurrogate(code) || isLowSurrogate(code) || code === 0xfffe || code === 0xffff;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
