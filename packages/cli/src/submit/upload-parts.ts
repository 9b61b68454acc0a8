/**
 * The multi-part upload of `crossover submit`: a file is split at line ends into parts, each gzipped and sent
 * to PUT /v1/runs/{id}/generations/{part} with its decompressed length. Parts the server already holds with
 * the same digest (GET /v1/runs/{id}/parts) are skipped, so a rerun after a failure resumes where it stopped.
 */
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { PartPlan } from './plan-parts.js';
import type { UploadProgress } from './upload-progress.js';

const gzipAsync = promisify(gzip);
/** Slices the gzipped body is streamed in, so that the bar moves within a part. */
const SLICE_BYTES = 256 * 1024;

/** The retrying JSON client of `crossover submit`. */
export interface JsonClient {
  json<T = unknown>(
    url: string,
    spec: {
      method: string;
      headers?: Record<string, string>;
      body?: () => string | Uint8Array | ReadableStream<Uint8Array>;
    },
  ): Promise<T>;
}

interface UploadedParts {
  parts: Array<{ part: number; digest: string }>;
}

/** The part's bytes as they are sent, decompressed: the file's range, with the newline it may lack. */
async function partBytes(file: string, plan: PartPlan): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const bytes = Buffer.alloc(plan.bytes);
    const length = plan.end - plan.start;
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(bytes, read, length - read, plan.start + read);
      if (bytesRead === 0) throw new Error(`${file} changed while it was being uploaded`);
      read += bytesRead;
    }
    if (plan.appendNewline) bytes[length] = 0x0a;
    return bytes;
  } finally {
    await handle.close();
  }
}

/** The gzipped body in slices; `onSent` hears the fraction of it handed to fetch so far. */
function slicedBody(body: Uint8Array, onSent: (fraction: number) => void): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= body.length) return controller.close();
      const slice = body.subarray(offset, offset + SLICE_BYTES);
      offset += slice.length;
      controller.enqueue(slice);
      onSent(offset / body.length);
    },
  });
}

export interface UploadPartsInput {
  client: JsonClient;
  /** Base URL of the eval-api, without a trailing slash. */
  api: string;
  runId: string;
  file: string;
  plan: readonly PartPlan[];
  progress: UploadProgress;
  log: (line: string) => void;
}

/** Uploads every part the server lacks (or holds with another digest), in part order. */
export async function uploadParts(input: UploadPartsInput): Promise<{ sent: number; skipped: number }> {
  const { client, api, runId, file, plan, progress } = input;
  const base = `${api}/v1/runs/${runId}`;
  const held = await client.json<UploadedParts>(`${base}/parts`, { method: 'GET' });
  const heldDigests = new Map(held.parts.map((part) => [part.part, part.digest]));
  const todo = plan.filter((part) => heldDigests.get(part.part) !== part.digest);
  if (todo.length < plan.length)
    input.log(`resuming run ${runId}: ${plan.length - todo.length} of ${plan.length} parts already uploaded`);
  const total = plan.reduce(
    (sum, part) => ({ bytes: sum.bytes + part.bytes, records: sum.records + part.records }),
    {
      bytes: 0,
      records: 0,
    },
  );
  progress.start(total.bytes, total.records, plan.length);
  let done = { bytes: 0, records: 0 };
  try {
    for (const part of plan) {
      if (todo.includes(part)) {
        const gzipped = await gzipAsync(await partBytes(file, part));
        const report = (fraction: number) =>
          progress.update(done.bytes + Math.round(part.bytes * fraction), done.records, part.part);
        await client.json(`${base}/generations/${part.part}`, {
          method: 'PUT',
          headers: {
            'content-type': 'application/x-ndjson',
            'content-encoding': 'gzip',
            'x-decoded-content-length': String(part.bytes),
            'content-length': String(gzipped.length),
          },
          // A fresh stream per attempt: a retried part is sent again from its first byte.
          body: () => slicedBody(gzipped, report),
        });
      }
      done = { bytes: done.bytes + part.bytes, records: done.records + part.records };
      progress.update(done.bytes, done.records, part.part);
    }
  } finally {
    progress.stop();
  }
  return { sent: todo.length, skipped: plan.length - todo.length };
}
