import { describe, expect, it } from 'vitest';
import { formatDoctor, runDoctor } from './run-doctor.js';

describe('crossover doctor', () => {
  it('proves the forced backend and the cpu execution provider by running a tiny exported model', async () => {
    const report = await runDoctor({ backend: 'cpu', device: 'cpu' });
    expect(report.backend).toBe('backend: cpu');
    expect(report.matmulGflops).toBeGreaterThan(0);
    expect(report.executionProviders[0]).toBe('cpu');
    expect(report.deviceOk).toBe(true);
    expect(formatDoctor(report)).toContain('onnxruntime device cpu: ok');
  });

  it('says when the requested device cannot run (no CUDA libraries on this machine) instead of falling back', async () => {
    const report = await runDoctor({ backend: 'cpu', device: 'cuda' });
    if (report.deviceOk) return; // a GPU box with CUDA 12 and cuDNN 9
    expect(report.deviceError).toMatch(/\w/);
    expect(formatDoctor(report)).toContain('onnxruntime device cuda: NOT available');
  });

  it('rejects unknown backends and devices', async () => {
    await expect(runDoctor({ backend: 'tpu', device: 'cpu' })).rejects.toThrow('unknown --backend "tpu"');
    await expect(runDoctor({ backend: 'cpu', device: 'rocm' })).rejects.toThrow('unknown --device "rocm"');
  });
});
