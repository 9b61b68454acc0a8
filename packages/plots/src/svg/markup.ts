import { escapeXml } from './escape.js';
import { coord } from './number.js';

/** Markup that is safe to concatenate: built only by `el`, `text` and `fragment`, never from raw input. */
export type Svg = string & { readonly __svg: unique symbol };

/** Attribute values: strings are escaped, numbers are written as coordinates; undefined/false omit it. */
export type AttrValue = string | number | undefined | false;
export type Attrs = Readonly<Record<string, AttrValue>>;

export function text(value: string): Svg {
  return escapeXml(value) as Svg;
}

export function fragment(parts: ReadonlyArray<Svg>): Svg {
  return parts.join('') as Svg;
}

export function el(tag: string, attrs: Attrs, children: ReadonlyArray<Svg> = []): Svg {
  const open = `<${tag}${attributes(attrs)}`;
  return (children.length === 0 ? `${open}/>` : `${open}>${children.join('')}</${tag}>`) as Svg;
}

function attributes(attrs: Attrs): string {
  let out = '';
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    const written = typeof value === 'number' ? coord(value) : escapeXml(value);
    out += ` ${name}="${written}"`;
  }
  return out;
}
