import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER, describeBackend, selectBackend } from './select.js';

describe('selectBackend', () => {
  it('forces the cpu backend when asked', async () => {
    const selected = await selectBackend('cpu');
    expect(selected).toEqual({ name: 'cpu', tfName: 'cpu', skipped: [] });
    expect(tf.getBackend()).toBe('cpu');
  });

  it('picks the best loadable backend in order and says why it skipped the better ones', async () => {
    const selected = await selectBackend('auto');
    const index = BACKEND_ORDER.indexOf(selected.name);
    expect(selected.skipped.map((s) => s.split(' ')[0])).toEqual(BACKEND_ORDER.slice(0, index));
    expect(tf.getBackend()).toBe(selected.tfName);
    expect(describeBackend(selected)).toMatch(new RegExp(`^backend: ${selected.name}`));
  });

  it('fails with a clear message when a forced backend is missing', async () => {
    const missing = BACKEND_ORDER.slice(0, 2);
    for (const name of missing) {
      const result = await selectBackend(name).then(
        () => 'loaded',
        (error: Error) => error.message,
      );
      // Either the native package is installed here (and loads) or the error names it.
      if (result !== 'loaded') expect(result).toContain(`backend ${name} is not available`);
    }
    await selectBackend('cpu');
  });
});
