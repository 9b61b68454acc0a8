import type { Frame } from '../chart/frame.js';
import { formatNumber } from '../format/format.js';
import type { Scale } from '../scale/scale.js';
import { el, type Svg, text } from '../svg/markup.js';
import type { Marker } from './types.js';

const MARKER_COLOR = '#555555';
const LABEL_ROW = 14;

/** The marker for a crossover at k: a dashed vertical line labelled "crossover k = 64". */
export function crossoverMarker(k: number): Marker {
  return { x: k, label: `crossover k = ${formatNumber(k)}`, kind: 'crossover' };
}

export function markersInDomain(markers: ReadonlyArray<Marker>, x: Scale): Marker[] {
  return markers.filter(
    (marker) => x.accepts(marker.x) && marker.x >= x.domain[0] && marker.x <= x.domain[1],
  );
}

/**
 * A dashed line across the plot per marker, its label at the top; labels of successive markers go on
 * successive rows so that close markers stay readable, and flip to the left of the line in the right half.
 */
export function renderMarkers(markers: ReadonlyArray<Marker>, x: Scale, frame: Frame): Svg {
  const { left, right, top, bottom } = frame.plot;
  const items = markers.map((marker, i) => {
    const px = x.map(marker.x);
    const flip = px > left + (right - left) * 0.6;
    const kind = marker.kind ?? 'marker';
    return el(
      'g',
      { class: kind === 'crossover' ? 'marker crossover' : 'marker', 'data-x': String(marker.x) },
      [
        el('line', {
          x1: px,
          x2: px,
          y1: top,
          y2: bottom,
          stroke: MARKER_COLOR,
          'stroke-width': 1.5,
          'stroke-dasharray': '5 4',
        }),
        el(
          'text',
          {
            x: flip ? px - 5 : px + 5,
            y: top + 12 + (i % 4) * LABEL_ROW,
            'text-anchor': flip ? 'end' : 'start',
            fill: '#333333',
          },
          [text(marker.label)],
        ),
      ],
    );
  });
  return el('g', { class: 'markers' }, items);
}
