/**
 * Entry of a sampler worker thread (see sampler.ts): an onnxruntime session of the model it was last
 * sent; per message it loads a model (replacing the previous one) or decodes one batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { OnnxSidecar } from '../onnx/export.js';
import { type Device, OnnxGpt } from '../onnx/session.js';
import {
  type GeneratedRow,
  type GenerateOptions,
  type GenerationRequest,
  generateBatch,
} from './generate.js';

/** The session options of every model this thread loads. */
export interface SampleWorkerData {
  threads: number;
  device?: Device;
}

export type SampleWorkerRequest =
  | { type: 'load'; bytes: Uint8Array; sidecar: OnnxSidecar }
  | { type: 'generate'; requests: GenerationRequest[]; options: GenerateOptions };

export type SampleWorkerReply = { ok: true; rows?: GeneratedRow[] } | { ok: false; error: string };

const port = parentPort;
if (!port) throw new Error('sample-worker must run as a worker thread');
const session = workerData as SampleWorkerData;
let model: OnnxGpt | null = null;

async function answer(request: SampleWorkerRequest): Promise<SampleWorkerReply> {
  if (request.type === 'load') {
    const previous = model;
    model = null;
    await previous?.release();
    model = await OnnxGpt.fromBytes(request.bytes, request.sidecar, session);
    return { ok: true };
  }
  if (!model) throw new Error('no model loaded');
  return { ok: true, rows: await generateBatch(model, request.requests, request.options) };
}

port.on('message', async (request: SampleWorkerRequest) => {
  let reply: SampleWorkerReply;
  try {
    reply = await answer(request);
  } catch (error) {
    reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
