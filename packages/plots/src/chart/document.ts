import { el, type Svg, text } from '../svg/markup.js';

export interface DocumentOptions {
  width: number;
  height: number;
  /** already sanitised by `chartId` */
  id: string;
  /** the accessible name (also drawn as the visible title when `visibleTitle`) */
  title: string;
  description: string;
  className: string;
}

/**
 * The root <svg>: standalone-valid (xmlns), sized by viewBox so pages can scale it, and named for
 * assistive technology through <title> and <desc> (role="img", aria-labelledby, aria-describedby).
 * Styling is by presentation attributes only, no <style>, so a strict Content-Security-Policy allows it.
 */
export function svgDocument(options: DocumentOptions, body: ReadonlyArray<Svg>): string {
  const { width, height, id } = options;
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      id,
      class: `crossover-plot ${options.className}`,
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': `${id}-title`,
      'aria-describedby': `${id}-desc`,
      'font-family': 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
      'font-size': 12,
    },
    [
      el('title', { id: `${id}-title` }, [text(options.title)]),
      el('desc', { id: `${id}-desc` }, [text(options.description)]),
      el('rect', { class: 'background', width, height, fill: '#ffffff' }),
      ...body,
    ],
  );
}

/**
 * An id for the chart's <title>/<desc> references: the caller's (reduced to [A-Za-z0-9_-]), or one
 * derived from the content, so the same chart always gets the same id. Two identical charts on one page
 * need an explicit `id` each.
 */
export function chartId(explicit: string | undefined, content: string): string {
  if (explicit !== undefined && explicit !== '') return `plot-${explicit.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return `plot-${fnv1a(content)}`;
}

/** 32-bit FNV-1a over UTF-16 code units, as 8 hex digits. */
function fnv1a(content: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < content.length; i++) {
    hash ^= content.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
