// Python's whitespace, which the reference verifiers rely on through str.strip(), str.isspace() and \s, and
// which differs from JavaScript's set; shared by the GSM8K and Countdown reproduction modes.

/** str.isspace() for one UTF-16 unit: Unicode White_Space minus U+180E plus the separators U+001C..U+001F. */
export function isPythonWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** Python's str.strip() with no argument, on text[start, end); returns `text` itself when nothing is cut. */
export function pythonStrip(text: string, start = 0, end = text.length): string {
  while (start < end && isPythonWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isPythonWhitespace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
