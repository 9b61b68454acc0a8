import { type Report, summaryKs } from '@crossover/metrics';
import { type ModeTallyData, rankedDisagreements } from '@crossover/tasks';
import { pct } from './format-report.js';

/** Disagreeing pairs printed with an example; the JSON output has them all. */
const PAIRS_SHOWN = 8;

/**
 * `crossover score --modes`: one line per mode (pass@k at the smallest, a middle and the largest k, with
 * the 95% interval at k = 1), then the pairs of modes that judged samples differently, the largest first.
 */
export function formatModeReports(reports: { [mode: string]: Report }, tally: ModeTallyData): string {
  const all = Object.values(reports);
  const first = all[0];
  if (!first) return '';
  const ks = summaryKs(first.k);
  const lines = [
    `task ${first.task}  ${first.n_problems} problems, ${first.n_samples} samples, ${all.length} modes`,
    '',
    row(['mode', ...ks.map((k) => `pass@${k}`), `pass@${ks[0]} 95%`, 'coverage']),
  ];
  for (const report of all) {
    const ci = report.pass_at_k_ci[String(ks[0])];
    lines.push(
      row([
        report.mode,
        ...ks.map((k) => pct(report.pass_at_k[String(k)])),
        ci ? `${pct(ci.low)} - ${pct(ci.high)}` : '-',
        pct(report.coverage),
      ]),
    );
  }
  lines.push('');
  const pairs = rankedDisagreements(tally);
  if (pairs.length === 0) lines.push('every mode gave every sample the same verdict');
  for (const pair of pairs.slice(0, PAIRS_SHOWN)) {
    const [a, b] = pair.modes;
    lines.push(
      `${a} vs ${b}: ${pair.samples} samples judged differently (${pair.only_first} correct only under ${a}, ${pair.only_second} only under ${b})`,
    );
    const example = pair.examples[0];
    if (example) {
      const [ja, jb] = example.judgements;
      lines.push(
        `  e.g. ${example.problem_id}: ${a} ${ja.reason} (${ja.extracted ?? 'nothing'}), ${b} ${jb.reason} (${jb.extracted ?? 'nothing'})`,
      );
      lines.push(`  ${JSON.stringify(example.completion.slice(-160))}`);
    }
  }
  if (pairs.length > PAIRS_SHOWN) lines.push(`... ${pairs.length - PAIRS_SHOWN} more pairs in --json`);
  return `${lines.join('\n')}\n`;
}

function row(cells: string[]): string {
  return cells
    .map((cell, i) => cell.padEnd(i === 0 ? 22 : i === cells.length - 2 ? 18 : 9))
    .join(' ')
    .trimEnd();
}
