// A small, strict XML parser for the tests: it accepts the subset of XML this package emits (elements,
// attributes in double quotes, text, the five named entities and numeric references) and throws on
// anything malformed: unbalanced or mismatched tags, unquoted or duplicate attributes, a raw '<' or a
// stray '&', characters XML forbids, content after the root element.

export interface XmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: Array<XmlElement | string>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_:.-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function parseXml(source: string): XmlElement {
  const parser = new Parser(source);
  parser.skipSpace();
  const root = parser.element();
  parser.skipSpace();
  if (!parser.done()) throw new Error(`content after the root element at ${parser.at}`);
  return root;
}

class Parser {
  at = 0;
  constructor(private readonly source: string) {}

  done(): boolean {
    return this.at >= this.source.length;
  }

  skipSpace(): void {
    while (/\s/.test(this.source[this.at] ?? '')) this.at++;
  }

  element(): XmlElement {
    this.expect('<');
    const tag = this.name();
    const attrs: Record<string, string> = {};
    for (;;) {
      const hadSpace = /\s/.test(this.source[this.at] ?? '');
      this.skipSpace();
      if (this.source.startsWith('/>', this.at)) {
        this.at += 2;
        return { tag, attrs, children: [] };
      }
      if (this.source[this.at] === '>') {
        this.at += 1;
        break;
      }
      if (!hadSpace) throw new Error(`expected whitespace before an attribute at ${this.at}`);
      const name = this.name();
      if (name in attrs) throw new Error(`duplicate attribute ${name} on <${tag}>`);
      this.expect('="');
      attrs[name] = this.characters('"');
      this.expect('"');
    }
    const children: Array<XmlElement | string> = [];
    for (;;) {
      if (this.done()) throw new Error(`<${tag}> is never closed`);
      if (this.source.startsWith('</', this.at)) {
        this.at += 2;
        const closing = this.name();
        if (closing !== tag) throw new Error(`</${closing}> closes <${tag}> at ${this.at}`);
        this.skipSpace();
        this.expect('>');
        return { tag, attrs, children };
      }
      if (this.source[this.at] === '<') children.push(this.element());
      else children.push(this.characters('<'));
    }
  }

  /** Text up to `end`, entities decoded; a raw '<' (or, in attributes, '>'-free check skipped) is an error. */
  private characters(end: string): string {
    let out = '';
    while (!this.done() && this.source[this.at] !== end) {
      const char = this.source[this.at] as string;
      if (char === '<') throw new Error(`raw '<' at ${this.at}`);
      if (char === '&') {
        const match = ENTITY.exec(this.source.slice(this.at, this.at + 12));
        if (!match) throw new Error(`stray '&' at ${this.at}`);
        out += decodeEntity(match[1] as string);
        this.at += match[0].length;
        continue;
      }
      const code = char.charCodeAt(0);
      if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)
        throw new Error(`control character at ${this.at}`);
      out += char;
      this.at++;
    }
    return out;
  }

  private name(): string {
    const match = NAME.exec(this.source.slice(this.at, this.at + 100));
    if (!match) throw new Error(`expected a name at ${this.at}`);
    this.at += match[0].length;
    return match[0];
  }

  private expect(literal: string): void {
    if (!this.source.startsWith(literal, this.at)) throw new Error(`expected '${literal}' at ${this.at}`);
    this.at += literal.length;
  }
}

function decodeEntity(body: string): string {
  if (body.startsWith('#x')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
  if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
  return NAMED[body] as string;
}

/** Every element under (and including) root that satisfies the predicate, in document order. */
export function findAll(root: XmlElement, predicate: (element: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (element: XmlElement) => {
    if (predicate(element)) found.push(element);
    for (const child of element.children) if (typeof child !== 'string') visit(child);
  };
  visit(root);
  return found;
}

export function hasClass(element: XmlElement, className: string): boolean {
  return (element.attrs.class ?? '').split(/\s+/).includes(className);
}

export function byClass(root: XmlElement, className: string, tag?: string): XmlElement[] {
  return findAll(
    root,
    (element) => hasClass(element, className) && (tag === undefined || element.tag === tag),
  );
}

export function textContent(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textContent(child))).join('');
}

/** The text of an element's <title> child (its native tooltip). */
export function tooltipOf(element: XmlElement): string {
  const title = element.children.find(
    (child): child is XmlElement => typeof child !== 'string' && child.tag === 'title',
  );
  return title ? textContent(title) : '';
}
