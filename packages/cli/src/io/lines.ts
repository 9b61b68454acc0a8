// Fast line-oriented I/O for JSONL files and stdin: chunks are split by hand (no readline) because the
// scoring commands must sustain hundreds of thousands of records per second.

import { once } from 'node:events';
import { accessSync, constants, createReadStream, createWriteStream, statSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

export interface Line {
  /** 1-based line number in the input. */
  number: number;
  text: string;
}

/** Opens a path for reading, or stdin for `-`; a missing or unreadable file fails here, before any output. */
export function openInput(path: string): Readable {
  if (path === '-') return process.stdin;
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new InputError(`cannot read input file ${path}`);
  }
  if (statSync(path).isDirectory()) throw new InputError(`input ${path} is a directory, not a file`);
  return createReadStream(path);
}

/** A user-facing input problem (missing file, directory); the CLI prints it without a stack trace. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Yields the input's lines in batches (keeps per-line overhead low); a trailing `\r` is removed. */
export async function* readLineBatches(input: Readable): AsyncGenerator<Line[]> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let number = 0;
  for await (const chunk of input) {
    const text =
      pending + (typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true }));
    const parts = text.split('\n');
    pending = parts.pop() ?? '';
    const batch: Line[] = new Array(parts.length);
    for (let i = 0; i < parts.length; i++) batch[i] = { number: ++number, text: stripCr(parts[i]!) };
    if (batch.length > 0) yield batch;
  }
  pending += decoder.decode();
  if (pending !== '') yield [{ number: number + 1, text: stripCr(pending) }];
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/** A buffered writer for an output path (or stdout for `-`/undefined) that honours backpressure. */
export class LineWriter {
  private buffer: string[] = [];
  private size = 0;
  private readonly stream: Writable;
  private readonly ownsStream: boolean;

  constructor(path?: string) {
    this.ownsStream = path !== undefined && path !== '-';
    this.stream = this.ownsStream ? createWriteStream(path as string) : process.stdout;
  }

  async write(line: string): Promise<void> {
    this.buffer.push(line);
    this.size += line.length + 1;
    if (this.size >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = `${this.buffer.join('\n')}\n`;
    this.buffer = [];
    this.size = 0;
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    if (!this.ownsStream) return;
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(() => resolve());
    });
  }
}
