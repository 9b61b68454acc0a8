/**
 * Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), yellow left out
 * because it vanishes on white. Series without a colour take these in order.
 */
export const palette: readonly string[] = Object.freeze([
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#000000', // black
  '#999999', // grey
]);

/** The palette colour for the i-th series, cycling. */
export function paletteColor(index: number): string {
  return palette[((index % palette.length) + palette.length) % palette.length] as string;
}

// Hex, a CSS colour name, rgb()/hsl() with plain numbers, or a CSS variable: enough for pages to theme
// charts, and nothing that could break out of an attribute or smuggle url(...) in.
const COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,30}|(rgb|rgba|hsl|hsla)\([0-9.,%\s]+\)|var\(--[a-z0-9_-]{1,60}\))$/i;

export function isColor(value: string): boolean {
  return COLOR.test(value);
}
