/**
 * The training progress line: step, loss, tokens/s and ETA, redrawn in place on a terminal; on a pipe
 * or a file (CI, nohup) it prints a plain line every `every` steps instead.
 */
import type { StepMetrics } from './loop.js';

export class ProgressLine {
  private readonly tty: boolean;
  private smoothedLoss: number | null = null;

  constructor(
    private readonly totalSteps: number,
    private readonly every: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  update(metrics: StepMetrics, startStep: number): void {
    // An exponential average: single-batch losses are too noisy to read.
    this.smoothedLoss =
      this.smoothedLoss === null ? metrics.loss : 0.9 * this.smoothedLoss + 0.1 * metrics.loss;
    const done = metrics.step - startStep;
    const left = this.totalSteps - metrics.step;
    const eta = done > 0 ? (metrics.elapsed_s / done) * left : 0;
    const text = formatProgress(metrics, this.totalSteps, this.smoothedLoss, eta);
    if (this.tty) this.stream.write(`\r${text}\x1b[K`);
    else if (metrics.step % this.every === 0 || left === 0) this.stream.write(`${text}\n`);
  }

  /** A message on its own line, without breaking the progress line. */
  log(message: string): void {
    this.stream.write(this.tty ? `\r\x1b[K${message}\n` : `${message}\n`);
  }

  finish(): void {
    if (this.tty) this.stream.write('\n');
  }
}

export function formatProgress(
  metrics: StepMetrics,
  totalSteps: number,
  loss: number,
  etaSeconds: number,
): string {
  const width = 24;
  const filled = Math.round((width * metrics.step) / Math.max(1, totalSteps));
  const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
  return (
    `[${bar}] step ${metrics.step}/${totalSteps} | loss ${loss.toFixed(4)} | ` +
    `${Math.round(metrics.tokens_per_s)} tok/s | lr ${metrics.lr.toExponential(2)} | ETA ${formatDuration(etaSeconds)}`
  );
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(rest)}` : `${m}:${two(rest)}`;
}
