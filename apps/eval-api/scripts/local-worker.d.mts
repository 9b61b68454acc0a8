import type { ChildProcess } from 'node:child_process';

export interface LocalWorker {
  url: string;
  port: number;
  persistDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
  log(): string;
}

export interface LocalWorkerOptions {
  persistDir?: string;
  prepare?: (persistDir: string) => unknown;
  adminSecret?: string;
  port?: number;
  vars?: Record<string, string>;
  inherit?: boolean;
}

export function freePort(): Promise<number>;
export function wrangler(args: string[], env?: Record<string, string>): string;
export function applyLocalMigrations(persistDir: string): void;
export function startLocalWorker(options: LocalWorkerOptions): Promise<LocalWorker>;
