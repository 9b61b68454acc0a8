// Number formatting for labels and tooltips. Everything here is locale-free (no toLocaleString), so a
// chart renders to the same bytes in Workers, Node and every browser.

export type ValueFormat = 'percent' | 'number';

/** A value for a tooltip: integers as they are, others to 4 significant digits, tiny ones in e-notation. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1000) return String(Math.round(value));
  if (magnitude < 1e-4) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** 0.712 -> "71.2%" (one decimal by default). */
export function formatPercent(value: number, decimals = 1): string {
  const text = `${(value * 100).toFixed(decimals)}`;
  return `${/^-0(\.0*)?$/.test(text) ? text.slice(1) : text}%`;
}

export function formatValue(value: number, format: ValueFormat): string {
  return format === 'percent' ? formatPercent(value) : formatNumber(value);
}

/**
 * Labels for a set of ticks, all with the same number of decimals: the fewest that write every tick
 * exactly (0.25, 0.5, 0.75 -> "0.25", "0.50", "0.75"; 0, 0.1, 0.2 as percent -> "0%", "10%", "20%").
 */
export function tickLabels(ticks: ReadonlyArray<number>, format: ValueFormat): string[] {
  const scaled = format === 'percent' ? ticks.map((tick) => tick * 100) : [...ticks];
  const decimals = fewestExactDecimals(scaled);
  return scaled.map((value) => {
    const text =
      Math.abs(value) >= 1e21 || (value !== 0 && Math.abs(value) < 1e-6)
        ? formatNumber(value)
        : value.toFixed(decimals);
    const signless = /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
    return format === 'percent' ? `${signless}%` : signless;
  });
}

function fewestExactDecimals(values: ReadonlyArray<number>): number {
  for (let decimals = 0; decimals < 6; decimals++) {
    const exact = values.every((value) => {
      const written = Number(value.toFixed(decimals));
      return Math.abs(written - value) <= 1e-9 * Math.max(1, Math.abs(value));
    });
    if (exact) return decimals;
  }
  return 6;
}
