import type { ValueFormat } from '../format/format.js';

/** One group of bars: raw values (binned here) or counts per bin of the spec's explicit edges. */
export interface HistogramGroup {
  name: string;
  values?: ReadonlyArray<number>;
  /** one count per bin; needs `bins` to be the list of edges */
  counts?: ReadonlyArray<number>;
  /** a CSS colour (hex, name, rgb()/hsl(), var(--name)); default: the palette, in group order */
  color?: string;
}

export interface HistogramSpec {
  title?: string;
  description?: string;
  id?: string;
  width?: number;
  height?: number;
  x: {
    label: string;
    /** short name used in tooltips ("tokens"); defaults to `label` */
    name?: string;
    format?: ValueFormat;
  };
  y?: { label?: string };
  groups: ReadonlyArray<HistogramGroup>;
  /** about how many bins (nice edges are chosen), or the edges themselves; shared by all groups */
  bins?: number | ReadonlyArray<number>;
  /** 'overlay' (default): translucent bars over each other; 'side-by-side': each bin split between groups */
  layout?: 'overlay' | 'side-by-side';
  /** bar height as the share of its group (percent axis), so groups of different sizes compare */
  normalize?: boolean;
  /** default: shown when there is more than one group */
  legend?: boolean;
}
