/**
 * Picks the TensorFlow.js backend once at start: the native bindings when they are installed (they are
 * optional dependencies whose install downloads libtensorflow and may have failed), else wasm, else the
 * pure-JS cpu backend. `--backend` forces one and fails loudly if it cannot load.
 */
import * as tf from '@tensorflow/tfjs-core';
import { installWasmBatchMatMul } from './wasm-batch-matmul.js';

export type BackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export type BackendChoice = BackendName | 'auto';

export const BACKEND_ORDER: readonly BackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

export interface SelectedBackend {
  /** Our name for it, as `--backend` takes it. */
  name: BackendName;
  /** The name tfjs registered it under (`tensorflow` for both native packages). */
  tfName: string;
  /** Why the better ones were skipped, for the start-up line. */
  skipped: string[];
}

export function isBackendChoice(value: string): value is BackendChoice {
  return value === 'auto' || (BACKEND_ORDER as readonly string[]).includes(value);
}

/** Loads one backend's package and makes it the active one; throws if it is not available here. */
async function activate(name: BackendName): Promise<string> {
  switch (name) {
    case 'tensorflow-gpu':
      await importOptional('@tensorflow/tfjs-node-gpu');
      return setBackend('tensorflow');
    case 'tensorflow':
      await importOptional('@tensorflow/tfjs-node');
      return setBackend('tensorflow');
    case 'wasm':
      await import('@tensorflow/tfjs-backend-wasm');
      installWasmBatchMatMul();
      return setBackend('wasm');
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return setBackend('cpu');
  }
}

// The specifier goes through a variable so that TypeScript does not require the optional package's types.
async function importOptional(specifier: string): Promise<unknown> {
  return import(specifier);
}

async function setBackend(tfName: string): Promise<string> {
  const ok = await tf.setBackend(tfName);
  if (!ok) throw new Error(`tfjs could not initialise the ${tfName} backend`);
  await tf.ready();
  return tfName;
}

export async function selectBackend(choice: BackendChoice = 'auto'): Promise<SelectedBackend> {
  if (choice !== 'auto') {
    const tfName = await activate(choice).catch((error: unknown) => {
      throw new Error(`backend ${choice} is not available: ${errorMessage(error)}`);
    });
    return { name: choice, tfName, skipped: [] };
  }
  const skipped: string[] = [];
  for (const name of BACKEND_ORDER) {
    try {
      const tfName = await activate(name);
      return { name, tfName, skipped };
    } catch (error) {
      skipped.push(`${name} (${firstLine(errorMessage(error))})`);
    }
  }
  throw new Error(`no TensorFlow.js backend could be loaded: ${skipped.join('; ')}`);
}

export function describeBackend(selected: SelectedBackend): string {
  const tail = selected.skipped.length > 0 ? ` (skipped: ${selected.skipped.join(', ')})` : '';
  return `backend: ${selected.name}${tail}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
