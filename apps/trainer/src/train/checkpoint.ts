/**
 * Checkpoints are directories: config.json (model, tokenizer, training options), weights.bin with its
 * manifest weights.json, optimizer.bin (AdamW moments), state.json (step, data cursor, RNG state).
 * They are written to a temporary sibling and renamed into place, so a crash never leaves half a
 * checkpoint under the final name.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { migrateSettings } from '../config/migrate.js';
import type { TrainSettings } from '../config/settings.js';
import type { ModelConfig } from '../model/config.js';
import { createGpt, type Gpt, namedWeights } from '../model/gpt.js';
import type { TokenizerSpec } from '../tokenizer/spec.js';
import type { DataCursor } from './data.js';

export interface CheckpointConfig {
  model: ModelConfig;
  tokenizer: TokenizerSpec;
  /** The settings the run was started with (resumes reuse them), versioned: see config/migrate.ts. */
  train: TrainSettings;
}

export interface TrainState {
  step: number;
  /** Updates the optimizer has taken (equals step for SFT). */
  optimizerStep: number;
  cursor: DataCursor;
  tokensSeen: number;
}

interface ManifestEntry {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

export interface LoadedCheckpoint {
  config: CheckpointConfig;
  state: TrainState;
  model: Gpt;
  optimizerState: Float32Array | null;
}

/** A missing or unreadable checkpoint: the user's mistake, printed as one line by the CLI. */
export class CheckpointError extends Error {
  // Named like the CLI's other input errors so that it prints without a stack trace.
  override name = 'InputError';
}

export function checkpointName(step: number): string {
  return `step-${String(step).padStart(7, '0')}`;
}

export async function saveCheckpoint(
  dir: string,
  parts: { config: CheckpointConfig; state: TrainState; model: Gpt; optimizerState?: Float32Array },
): Promise<void> {
  const temp = `${dir}.tmp-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  const { manifest, data } = packWeights(parts.model);
  await writeFile(join(temp, 'config.json'), json(parts.config));
  await writeFile(join(temp, 'weights.json'), json({ format: 'float32-le', weights: manifest }));
  await writeFile(join(temp, 'weights.bin'), bytesOf(data));
  if (parts.optimizerState) await writeFile(join(temp, 'optimizer.bin'), bytesOf(parts.optimizerState));
  await writeFile(join(temp, 'state.json'), json(parts.state));
  await rm(dir, { recursive: true, force: true });
  await rename(temp, dir);
}

/** A checkpoint's config.json, its settings read at the current version whatever version wrote them. */
export async function readCheckpointConfig(dir: string): Promise<CheckpointConfig> {
  const stored = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as Omit<
    CheckpointConfig,
    'train'
  >;
  const parsed = migrateSettings((stored as { train?: unknown }).train);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = ['train', ...(issue?.path ?? [])].join('.');
    throw new CheckpointError(`checkpoint ${dir}: ${field} ${issue?.message ?? 'is invalid'}`);
  }
  return { ...stored, train: parsed.data };
}

export async function loadCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const config = await readCheckpointConfig(dir);
  const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as TrainState;
  const { weights: manifest } = JSON.parse(await readFile(join(dir, 'weights.json'), 'utf8')) as {
    weights: ManifestEntry[];
  };
  const data = floatsOf(await readFile(join(dir, 'weights.bin')));
  const model = createGpt(config.model, 0);
  const byName = new Map(manifest.map((entry) => [entry.name, entry]));
  for (const [name, variable] of namedWeights(model)) {
    const entry = byName.get(name);
    if (!entry || entry.shape.join('x') !== variable.shape.join('x')) {
      throw new Error(`checkpoint ${dir}: weight ${name} is missing or has another shape`);
    }
    variable.assign(
      tf.tensor(data.subarray(entry.offset, entry.offset + entry.length), entry.shape, 'float32'),
    );
  }
  const optimizerState = await readFile(join(dir, 'optimizer.bin')).then(floatsOf, () => null);
  return { config, state, model, optimizerState };
}

/** A run directory's newest complete checkpoint, or the directory itself if it is a checkpoint. */
export async function resolveCheckpointDir(path: string): Promise<string> {
  const entries = await readdir(path).catch(() => {
    throw new CheckpointError(`cannot read checkpoint directory ${path}`);
  });
  if (entries.includes('state.json')) return path;
  const root = entries.includes('checkpoints') ? join(path, 'checkpoints') : path;
  const steps = (await readdir(root)).filter((name) => /^step-\d+$/.test(name)).sort();
  const latest = steps.at(-1);
  if (!latest) throw new CheckpointError(`no checkpoint found in ${path}`);
  return join(root, latest);
}

function packWeights(model: Gpt): { manifest: ManifestEntry[]; data: Float32Array } {
  const weights = namedWeights(model);
  const data = new Float32Array(weights.reduce((n, [, v]) => n + v.size, 0));
  const manifest: ManifestEntry[] = [];
  let offset = 0;
  for (const [name, variable] of weights) {
    data.set(variable.dataSync() as Float32Array, offset);
    manifest.push({ name, shape: variable.shape, offset, length: variable.size });
    offset += variable.size;
  }
  return { manifest, data };
}

function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function floatsOf(buffer: Buffer): Float32Array {
  // Copy into an aligned buffer: a Node Buffer may start at any byte offset of its pool.
  const copy = new Uint8Array(buffer.byteLength);
  copy.set(buffer);
  return new Float32Array(copy.buffer);
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
