import { z } from 'zod';

/** A message on the scoring queue: score one chunk of an uploaded generations file. */
export interface ScoreChunkMessage {
  runId: string;
  chunkIndex: number;
}

/** The Worker's bindings, as wrangler.jsonc declares them. */
export interface Bindings {
  DB: D1Database;
  GENERATIONS: R2Bucket;
  SCORING_QUEUE: Queue<ScoreChunkMessage>;
  SCORE_RATE_LIMITER: RateLimit;
  WRITE_RATE_LIMITER: RateLimit;
  ADMIN_RATE_LIMITER: RateLimit;
  /** Secret that authorises POST /v1/keys; set with `wrangler secret put ADMIN_SECRET` (or .dev.vars). */
  ADMIN_SECRET?: string;
  MAX_SCORE_BYTES?: string;
  STALLED_AFTER_SECONDS?: string;
  MAX_INLINE_RUN_BYTES?: string;
  MAX_UPLOAD_BYTES?: string;
  MAX_RUN_BYTES?: string;
  CHUNK_RECORDS?: string;
  CHUNK_BYTES?: string;
}

/** Validated settings derived from the bindings, handed to routes and services. */
export interface Settings {
  adminSecret: string | null;
  maxScoreBytes: number;
  maxInlineRunBytes: number;
  /** The largest part of an upload, in decompressed bytes (a request body is at most 100 MB on Workers). */
  maxUploadBytes: number;
  /** The largest run: every part together, in decompressed bytes. */
  maxRunBytes: number;
  chunkRecords: number;
  /** A queue chunk closes at chunkRecords lines or at this many bytes, whichever comes first. */
  chunkBytes: number;
  stalledAfterSeconds: number;
}

const binding = (name: string, method: string) =>
  z.custom<unknown>(
    (value) => typeof value === 'object' && value !== null && method in value,
    `binding ${name} is missing (check wrangler.jsonc)`,
  );

const positiveInt = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().positive().max(max).default(fallback);

/**
 * The largest /v1/score body. A JSON body is parsed whole (text, value, validated records, verdicts): in Node,
 * sampled without a GC, 32 MiB reached ~127 MiB over the baseline, past the 128 MB a Worker isolate has, and
 * 8 MiB ~50 MiB; bench/eval-api-hostile.mjs measures 8 MiB in workerd and its live heap (~25 MiB).
 */
export const MAX_SCORE_BYTES_CEILING = 8 * 1024 * 1024;

const EnvSchema = z.object({
  DB: binding('DB', 'prepare'),
  GENERATIONS: binding('GENERATIONS', 'put'),
  SCORING_QUEUE: binding('SCORING_QUEUE', 'send'),
  SCORE_RATE_LIMITER: binding('SCORE_RATE_LIMITER', 'limit'),
  WRITE_RATE_LIMITER: binding('WRITE_RATE_LIMITER', 'limit'),
  ADMIN_RATE_LIMITER: binding('ADMIN_RATE_LIMITER', 'limit'),
  // Short admin secrets are refused: the endpoint they guard issues keys.
  ADMIN_SECRET: z.string().min(16).optional(),
  MAX_SCORE_BYTES: positiveInt(MAX_SCORE_BYTES_CEILING, MAX_SCORE_BYTES_CEILING),
  MAX_INLINE_RUN_BYTES: positiveInt(8 * 1024 * 1024),
  // Per part, decompressed: a gzipped part of at most 100 MB (the Workers request limit) may hold more.
  MAX_UPLOAD_BYTES: positiveInt(1024 * 1024 * 1024),
  // 10 GiB over up to 10,000 parts: a run of GSM8K x 1024 samples (~1.4 GB) fits several times over.
  MAX_RUN_BYTES: positiveInt(10 * 1024 * 1024 * 1024),
  CHUNK_RECORDS: positiveInt(5000),
  // 8 MiB of NDJSON is about 50 MiB of parsed records while a chunk is scored: well inside a 128 MB isolate.
  CHUNK_BYTES: positiveInt(8 * 1024 * 1024),
  // A run still `scoring` this long after its last progress has lost its queue messages (10 minutes).
  STALLED_AFTER_SECONDS: positiveInt(600),
});

const cache = new WeakMap<object, Settings>();

/** Validates the bindings once per env object; a misconfigured deployment fails loudly at the entry point. */
export function settingsFrom(env: Bindings): Settings {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid Worker environment: ${problems.join('; ')}`);
  }
  const settings: Settings = {
    adminSecret: parsed.data.ADMIN_SECRET ?? null,
    maxScoreBytes: parsed.data.MAX_SCORE_BYTES,
    maxInlineRunBytes: parsed.data.MAX_INLINE_RUN_BYTES,
    maxUploadBytes: parsed.data.MAX_UPLOAD_BYTES,
    maxRunBytes: parsed.data.MAX_RUN_BYTES,
    chunkRecords: parsed.data.CHUNK_RECORDS,
    chunkBytes: parsed.data.CHUNK_BYTES,
    stalledAfterSeconds: parsed.data.STALLED_AFTER_SECONDS,
  };
  cache.set(env, settings);
  return settings;
}
