// What `npm start` prints about GET /v1/compare?a=<GRPO run>&b=<SFT base run>.

const points = (x) => `${(100 * x).toFixed(1)} points`;

/**
 * One paragraph: who leads at k = 1 and by how much, and where (if anywhere) the other catches up.
 * @param {{ k: number[], points: { k: number, a: number, b: number, diff: number, low: number, high: number }[],
 *   crossover: { behind: 'a' | 'b' | null, k: number | null, low: number | null, high: number | null } }} comparison
 */
export function comparisonVerdict({ k, points: curve, crossover }) {
  const first = curve[0];
  const n = k.at(-1);
  const interval = (p) => `95% CI ${(100 * p.low).toFixed(1)} to ${(100 * p.high).toFixed(1)}`;
  const lines = [];
  if (first.diff > 0) lines.push(`GRPO is ahead at k = 1 by ${points(first.diff)} (${interval(first)}).`);
  else if (first.diff < 0)
    lines.push(`The SFT base is ahead at k = 1 by ${points(-first.diff)} (${interval(first)}).`);
  else lines.push('The runs tie at k = 1.');
  if (crossover.k !== null) {
    const who = crossover.behind === 'b' ? 'the SFT base' : 'GRPO';
    const range =
      crossover.low === null
        ? ''
        : ` (95% interval k = ${crossover.low} to ${crossover.high ?? `beyond ${n}`})`;
    lines.push(`From k = ${crossover.k}${range} ${who} is level or ahead: the crossover.`);
  } else if (first.diff !== 0) {
    lines.push(`No crossover up to k = ${n}: the leader at k = 1 stays ahead.`);
  }
  const last = curve.at(-1);
  lines.push(`At k = ${last.k}: GRPO ${(100 * last.a).toFixed(1)}%, SFT base ${(100 * last.b).toFixed(1)}%.`);
  return lines.join('\n');
}
