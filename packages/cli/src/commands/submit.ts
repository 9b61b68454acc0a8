/**
 * `crossover submit generations.jsonl --api URL --key KEY --model NAME --method sft --step N ...`: creates a
 * leaderboard run on the eval-api. Small files go inline in POST /v1/runs; large ones are split at line ends
 * into gzipped parts sent to PUT /v1/runs/:id/generations/:part (one part in memory at a time, a progress bar
 * on a terminal) and then finalized. Every request is retried on 429 and 5xx, waiting as long as Retry-After
 * says; an Idempotency-Key derived from the file, the run's settings and the part size makes a rerun after a
 * failure return the same run, whose parts already uploaded are skipped (submit/upload-parts.ts).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { crossoverRecordsFile } from '../records/crossover-file.js';
import { RECORD_FORMATS } from '../records/formats.js';
import { UsageError } from '../run-cli.js';
import { planParts } from '../submit/plan-parts.js';
import { uploadParts } from '../submit/upload-parts.js';
import { progressFor } from '../submit/upload-progress.js';

interface SubmitOptions {
  api: string;
  key?: string;
  model: string;
  baseModel?: string;
  method: string;
  step?: string;
  task: string;
  taskset?: string;
  mode?: string;
  temperature: string;
  topP: string;
  maxTokens: string;
  seed?: string;
  notes?: string;
  modelRevision?: string;
  promptTemplate?: string;
  promptTemplateDigest?: string;
  generator?: string;
  inlineLimit: string;
  partBytes?: string;
  progress?: boolean;
  retries: string;
  format?: string;
  tokenizer?: string;
}

interface RunView {
  id: string;
  status: string;
  links?: Record<string, string>;
}

export function registerSubmit(program: Command): void {
  program
    .command('submit')
    .description('send generation records to the eval-api as a leaderboard run; prints the run URL')
    .argument(
      '<generations>',
      'generation records: Crossover, lm-eval --log_samples or { prompt, completion } JSONL, or a verl or lighteval parquet',
    )
    .option('--format <format>', `input format: ${RECORD_FORMATS.join(' | ')}`, 'auto')
    .option(
      '--tokenizer <tokenizer.json>',
      "a Hugging Face tokenizer.json: fills num_tokens of records without it, so lengths are in the model's tokens",
    )
    .requiredOption('--api <url>', 'eval-api base URL, e.g. https://crossover.example.org')
    .option('--key <key>', 'API key (default: $CROSSOVER_API_KEY)')
    .requiredOption('--model <name>', 'model name shown on the leaderboard')
    .option('--base-model <name>', 'the model it was trained from')
    .requiredOption('--method <method>', 'base | sft | grpo | filtered-isft | isft | other')
    .option('--step <n>', 'training step of the checkpoint')
    .requiredOption('--task <task>', 'countdown | gsm8k')
    .option('--taskset <name>', 'taskset the problems come from (default <task>/test)')
    .option('--mode <mode>', 'verifier mode (default: the task default)')
    .option('--temperature <x>', 'sampling temperature used', '0.8')
    .option('--top-p <x>', 'nucleus mass used', '0.95')
    .option('--max-tokens <n>', 'token limit used', '256')
    .option('--seed <n>', 'sampling seed used')
    .option('--notes <text>', 'free-form notes')
    .option('--model-revision <rev>', 'the model revision sampled (commit, tag, checkpoint step)')
    .option('--prompt-template <name>', 'name of the prompt template the generations were asked with')
    .option('--prompt-template-digest <sha256>', "SHA-256 of the prompt template's text")
    .option('--generator <name[@version]>', 'what made the generations, e.g. vllm@0.8.5 or hf-transformers')
    .option('--inline-limit <bytes>', 'files up to this size go inline; larger ones are uploaded', '1000000')
    .option(
      '--part-bytes <bytes>',
      'uploads go in gzipped parts of at most this many bytes uncompressed, cut at line ends',
      String(DEFAULT_PART_BYTES),
    )
    .option('--no-progress', 'no upload progress bar (it shows only when stderr is a terminal)')
    .option('--retries <n>', 'attempts per request (and per part) on 429/5xx/network errors', '6')
    .action(async (file: string, options: SubmitOptions) => {
      const url = await submit(file, options);
      process.stdout.write(`${url}\n`);
    });
}

/** Other formats, or --tokenizer, are first converted to Crossover NDJSON in a temporary file. */
export async function submit(file: string, options: SubmitOptions): Promise<string> {
  // The options are checked before any file is read or converted: a usage error costs nothing.
  const key = options.key ?? process.env.CROSSOVER_API_KEY;
  if (!key) throw new UsageError('an API key is required: --key or $CROSSOVER_API_KEY');
  runMeta(options);
  partBytesOf(options);
  const records = await crossoverRecordsFile(file, options);
  try {
    return await submitRecords(records.path, options, key);
  } finally {
    records.remove();
  }
}

async function submitRecords(file: string, options: SubmitOptions, key: string): Promise<string> {
  const api = options.api.replace(/\/+$/, '');
  const size = (await stat(file)).size;
  const inline = size <= Number(options.inlineLimit);
  const meta = runMeta(options);
  const partSize = partBytesOf(options);
  // Another part size is another split: its parts would not match the ones a rerun finds.
  const split = inline ? '' : `|parts of ${partSize}`;
  const idempotencyKey = `cx-${await fileDigest(file, JSON.stringify(meta) + split)}`;
  const client = new RetryingClient(key, Math.max(1, Number(options.retries)));
  const body = inline ? { ...meta, records: await readRecords(file) } : meta;
  let run = await client.json<RunView>(`${api}/v1/runs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: () => JSON.stringify(body),
  });
  if (!inline && run.status === 'pending') {
    const plan = await planParts(file, partSize);
    process.stderr.write(`uploading ${size} bytes in ${plan.length} gzipped parts to run ${run.id}\n`);
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const progress = progressFor(options.progress !== false);
    await uploadParts({ client, api, runId: run.id, file, plan, progress, log });
    run = await client.json<RunView>(`${api}/v1/runs/${run.id}/finalize?parts=${plan.length}`, {
      method: 'POST',
    });
  }
  process.stderr.write(`run ${run.id}: ${run.status}\n`);
  return `${api}${run.links?.self ?? `/v1/runs/${run.id}`}`;
}

const DEFAULT_PART_BYTES = 64 * 1024 * 1024;
/** A gzipped part must stay under the 100 MB a Workers request may carry, even if it does not compress. */
const MAX_PART_BYTES = 95 * 1000 * 1000;

function partBytesOf(options: SubmitOptions): number {
  const bytes = Number(options.partBytes ?? DEFAULT_PART_BYTES);
  if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > MAX_PART_BYTES)
    throw new UsageError(`--part-bytes must be a whole number of bytes from 1 to ${MAX_PART_BYTES}`);
  return bytes;
}

function runMeta(options: SubmitOptions): Record<string, unknown> {
  const sampling: Record<string, number> = {
    temperature: Number(options.temperature),
    top_p: Number(options.topP),
    max_tokens: Number(options.maxTokens),
  };
  if (options.seed !== undefined) sampling.seed = Number(options.seed);
  return {
    model: options.model,
    ...(options.baseModel ? { base_model: options.baseModel } : {}),
    method: options.method,
    ...(options.step !== undefined ? { step: Number(options.step) } : {}),
    sampling,
    task: options.task,
    taskset: options.taskset ?? `${options.task}/test`,
    ...(options.mode ? { mode: options.mode } : {}),
    ...(options.notes ? { notes: options.notes } : {}),
    ...provenanceOf(options),
  };
}

/** The run's provenance from the options that state it, or nothing when none does. */
function provenanceOf(options: SubmitOptions): { provenance?: Record<string, unknown> } {
  if (options.promptTemplateDigest !== undefined && options.promptTemplate === undefined)
    throw new UsageError('--prompt-template-digest needs --prompt-template');
  const provenance: Record<string, unknown> = {};
  if (options.modelRevision !== undefined) provenance.model_revision = options.modelRevision;
  if (options.promptTemplate !== undefined) {
    provenance.prompt_template = {
      name: options.promptTemplate,
      ...(options.promptTemplateDigest !== undefined ? { digest: options.promptTemplateDigest } : {}),
    };
  }
  if (options.generator !== undefined) {
    const at = options.generator.lastIndexOf('@');
    provenance.generator =
      at > 0
        ? { name: options.generator.slice(0, at), version: options.generator.slice(at + 1) }
        : { name: options.generator };
  }
  return Object.keys(provenance).length === 0 ? {} : { provenance };
}

async function readRecords(file: string): Promise<unknown[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  return lines.flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line)];
    } catch {
      throw new UsageError(`${file}:${i + 1}: not valid JSON`);
    }
  });
}

async function fileDigest(file: string, extra: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  hash.update(extra);
  return hash.digest('hex').slice(0, 48);
}

interface RequestSpec {
  method: string;
  headers?: Record<string, string>;
  body?: () => string | Uint8Array | ReadableStream<Uint8Array>;
}

/** fetch with retries on 429, 5xx and network failures, honouring Retry-After. */
export class RetryingClient {
  constructor(
    private readonly key: string,
    private readonly attempts: number,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async json<T = unknown>(url: string, spec: RequestSpec): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        const body = spec.body?.();
        response = await fetch(url, {
          method: spec.method,
          headers: { authorization: `Bearer ${this.key}`, ...spec.headers },
          ...(body === undefined ? {} : { body, duplex: 'half' }),
        } as RequestInit);
      } catch (error) {
        if (attempt >= this.attempts) throw error;
        await this.sleep(backoffMs(attempt));
        continue;
      }
      if (response.ok) return (await response.json()) as T;
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable || attempt >= this.attempts)
        throw new ApiRequestError(`${spec.method} ${url}: ${await describe(response)}`);
      await response.body?.cancel();
      await this.sleep(retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(attempt));
    }
  }
}

/** The eval-api refused a request (4xx, or 5xx after the retries): printed as one line, exit code 1. */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
}

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function backoffMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** (attempt - 1));
}

async function describe(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const { error } = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (error?.message) return `${response.status} ${error.code ?? ''}: ${error.message}`;
  } catch {
    // not the error envelope: fall through to the raw text
  }
  return `${response.status} ${text.slice(0, 200)}`;
}
