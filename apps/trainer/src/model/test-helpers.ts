// Shared by tests: tiny shapes so that every test file runs in seconds on a shared 2-core machine.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { ModelConfig } from './config.js';

export const TINY_TEST_CONFIG: ModelConfig = {
  vocabSize: 259,
  blockSize: 32,
  nLayer: 2,
  nHead: 2,
  dModel: 32,
  dMlp: 128,
  normEps: 1e-5,
};

export const TINY_ROTARY_CONFIG: ModelConfig = { ...TINY_TEST_CONFIG, positions: 'rotary' };

/** Both position schemes, for tests that must hold for each. */
export const TINY_CONFIGS = [
  ['learned', TINY_TEST_CONFIG],
  ['rotary', TINY_ROTARY_CONFIG],
] as const;

export async function useCpuBackend(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}
