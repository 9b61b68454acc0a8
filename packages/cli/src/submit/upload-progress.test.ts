import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressFor, silentProgress, terminalProgress } from './upload-progress.js';

/** A terminal-like stream that keeps what is written to it. */
function fakeTerminal(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream;
  Object.assign(stream, {
    isTTY: true,
    columns: 160,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  return { stream, text: () => chunks.join('') };
}

describe('the upload progress bar', () => {
  it('shows bytes, records and the part on a terminal, ending at the totals', () => {
    const terminal = fakeTerminal();
    const progress = terminalProgress(terminal.stream);
    progress.start(10 * 1024 * 1024, 1000, 2);
    progress.update(5 * 1024 * 1024, 500, 1);
    progress.update(10 * 1024 * 1024, 1000, 2);
    progress.stop();
    expect(terminal.text()).toContain('100% | 10.0/10.0 MiB | 1000/1000 records | part 2/2');
  });

  it('stays quiet when not asked for, or when stderr is not a terminal', () => {
    expect(progressFor(false)).toBe(silentProgress);
    const tty = process.stderr.isTTY;
    try {
      Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
      expect(progressFor(true)).toBe(silentProgress);
      Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
      expect(progressFor(true)).not.toBe(silentProgress);
    } finally {
      Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
    }
  });
});
