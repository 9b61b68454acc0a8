/** A share as a percentage with one decimal; a dash for missing values. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? '—'
    : `${(value * 100).toFixed(1)}%`;
}

/** A number with at most `digits` decimals; a dash for missing values. */
export function decimal(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return String(Number(value.toFixed(digits)));
}

/** An ISO timestamp as `2026-04-20 13:05 UTC`. */
export function timestamp(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
}

/** A query string from the defined values, in the given order. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Samples per problem: one count, or `min–max` where problems differ; a dash when unknown. */
export function samplesRange(min: number | null, max: number | null): string {
  return min === max ? String(min ?? '—') : `${min}–${max}`;
}

/** 1, 2, 4, ... up to `most`: the ks a page's k select offers. */
export function powersOfTwoUpTo(most: number): number[] {
  const ks = [1];
  while (ks[ks.length - 1]! * 2 <= most) ks.push(ks[ks.length - 1]! * 2);
  return ks;
}

/** The choices with `k` among them, ascending (a k asked for that is not a power of two stays selectable). */
export function withChoice(ks: readonly number[], k: number): number[] {
  return ks.includes(k) ? [...ks] : [...ks, k].sort((a, b) => a - b);
}
