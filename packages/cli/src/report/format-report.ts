import { DEGENERATE_WARN_SHARE, type Report } from '@crossover/metrics';

/** The Report as a short human-readable table, for the terminal. */
export function formatReport(report: Report): string {
  const lines: string[] = [];
  const taskset = report.taskset
    ? `${report.taskset.task}/${report.taskset.split}@${report.taskset.version}`
    : 'inline references';
  const spp = report.samples_per_problem;
  const perProblem = spp.min === spp.max ? `${spp.min}` : `${spp.min}..${spp.max}`;
  lines.push(`task ${report.task}  mode ${report.mode}  taskset ${taskset}`);
  if (report.taskset) lines.push(`taskset digest ${report.taskset.digest}`);
  lines.push(
    `${report.n_problems} problems, ${report.n_samples} samples (${perProblem} per problem), coverage ${pct(report.coverage)}`,
  );
  const degenerate = report.degenerate;
  if (degenerate && degenerate.one_answer > 0)
    lines.push(
      `degenerate sampling: ${degenerate.one_answer} of ${degenerate.problems} problems (${pct(degenerate.share)}) got one answer from every sample${degenerate.share >= DEGENERATE_WARN_SHARE ? '; pass@k at large k means little here' : ''}`,
    );
  lines.push('');
  lines.push(row(['k', 'pass@k', '95% interval', 'maj@k', 'pass^k']));
  for (const k of report.k) {
    const key = String(k);
    const ci = report.pass_at_k_ci[key];
    lines.push(
      row([
        key,
        pct(report.pass_at_k[key]),
        ci ? `${pct(ci.low)} - ${pct(ci.high)}` : '',
        pct(report.maj_at_k[key]),
        pct(report.pass_hat_k[key]),
      ]),
    );
  }
  lines.push('');
  const unit = report.lengths.unit;
  lines.push(row([`length (${unit})`, 'count', 'mean', 'median', 'p90']));
  const groups = [
    ['correct', report.lengths.correct],
    ['incorrect', report.lengths.incorrect],
    ['truncated', report.lengths.truncated],
  ] as const;
  for (const [name, stats] of groups) {
    if (stats)
      lines.push(row([name, String(stats.count), num(stats.mean), num(stats.median), num(stats.p90)]));
  }
  const reasons = Object.entries(report.reasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) {
    lines.push('');
    lines.push(`reasons: ${reasons.map(([reason, count]) => `${reason} ${count}`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function row(cells: string[]): string {
  const widths = [16, 9, 18, 9, 9];
  return cells
    .map((cell, i) => cell.padEnd(widths[i] ?? 10))
    .join(' ')
    .trimEnd();
}

export function pct(value: number | undefined | null): string {
  return value === undefined || value === null ? '-' : `${(value * 100).toFixed(2)}%`;
}

function num(value: number | null): string {
  return value === null ? '-' : value.toFixed(1);
}
