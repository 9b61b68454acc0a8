// `crossover doctor`: which TensorFlow.js backend and onnxruntime execution provider this machine runs.
import { UsageError } from '@crossover/cli';
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { type BackendChoice, describeBackend, isBackendChoice, selectBackend } from '../backend/select.js';
import { createGpt, disposeGpt } from '../model/gpt.js';
import { buildOnnxModel } from '../onnx/export.js';

export interface DoctorOptions {
  backend: string;
  device: string;
}

export interface DoctorReport {
  node: string;
  backend: string;
  matmulGflops: number;
  onnxruntime: string;
  executionProviders: string[];
  device: string;
  deviceOk: boolean;
  deviceError?: string;
}

/** Loads the backend (failing if a forced one is missing) and runs a tiny exported model on the device. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  if (!isBackendChoice(options.backend))
    throw new UsageError(`unknown --backend ${JSON.stringify(options.backend)}`);
  if (options.device !== 'cpu' && options.device !== 'cuda') {
    throw new UsageError(`unknown --device ${JSON.stringify(options.device)}; expected cpu or cuda`);
  }
  const selected = await selectBackend(options.backend as BackendChoice);
  const report: DoctorReport = {
    node: process.version,
    backend: describeBackend(selected),
    matmulGflops: measureMatmul(),
    onnxruntime: ort.env.versions.node ?? ort.env.versions.common,
    executionProviders: ort
      .listSupportedBackends()
      .map((b) => `${b.name}${b.bundled ? '' : ' (needs its libraries)'}`),
    device: options.device,
    deviceOk: false,
  };
  try {
    await runTinyModel(options.device);
    report.deviceOk = true;
  } catch (error) {
    report.deviceError = (error as Error).message.split('\n')[0];
  }
  return report;
}

/** A 256x256 matMul, timed after a warm-up: proves the backend computes, and roughly how fast. */
function measureMatmul(): number {
  const n = 256;
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1);
  const b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  tf.matMul(a, b).dataSync();
  const started = performance.now();
  const rounds = 5;
  for (let i = 0; i < rounds; i++) tf.tidy(() => tf.matMul(a, b).dataSync());
  const seconds = (performance.now() - started) / 1000;
  tf.dispose([a, b]);
  return (2 * n ** 3 * rounds) / seconds / 1e9;
}

/** Exports a 1-layer model and runs one forward pass with ONLY the requested execution provider. */
async function runTinyModel(device: string): Promise<void> {
  const config = { vocabSize: 259, blockSize: 16, nLayer: 1, nHead: 2, dModel: 16, dMlp: 32, normEps: 1e-5 };
  const model = createGpt(config, 1);
  const bytes = buildOnnxModel(model);
  disposeGpt(model);
  const session = await ort.InferenceSession.create(bytes, { executionProviders: [device] });
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from([1n, 2n, 3n]), [1, 3]),
    attention_mask: new ort.Tensor('int64', BigInt64Array.from([1n, 1n, 1n]), [1, 3]),
    'past_key_values.0.key': new ort.Tensor('float32', new Float32Array(0), [1, 2, 0, 8]),
    'past_key_values.0.value': new ort.Tensor('float32', new Float32Array(0), [1, 2, 0, 8]),
  };
  const outputs = await session.run(feeds);
  const logits = outputs.logits;
  if (logits?.dims.join(',') !== '1,3,259') throw new Error(`unexpected logits shape ${logits?.dims}`);
  await session.release();
}

export function formatDoctor(report: DoctorReport): string {
  return [
    `node ${report.node}`,
    `tfjs ${report.backend}; matMul 256x256: ${report.matmulGflops.toFixed(2)} GFLOP/s`,
    `onnxruntime-node ${report.onnxruntime}; execution providers: ${report.executionProviders.join(', ')}`,
    report.deviceOk
      ? `onnxruntime device ${report.device}: ok (a 1-layer model ran on it alone)`
      : `onnxruntime device ${report.device}: NOT available (${report.deviceError})`,
  ].join('\n');
}
