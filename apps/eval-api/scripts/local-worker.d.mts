import type { ChildProcess } from 'node:child_process';

/**
 * 'wrangler': wrangler dev (its live-reload ProxyWorker, a second workerd, in front); 'miniflare': the bundled
 * Worker in one workerd behind Miniflare's entry Worker; 'workerd': the same, the port bound straight to it.
 */
export type LocalRuntime = 'wrangler' | 'miniflare' | 'workerd';

export const RUNTIMES: readonly LocalRuntime[];

export interface LocalWorker {
  url: string;
  runtime: LocalRuntime;
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
  runtime?: LocalRuntime;
}

export function freePort(): Promise<number>;
export function wrangler(args: string[], env?: Record<string, string>): string;
export function applyLocalMigrations(persistDir: string): void;
export function startLocalWorker(options: LocalWorkerOptions): Promise<LocalWorker>;
