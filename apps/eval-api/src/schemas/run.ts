import { z } from '@hono/zod-openapi';
import { RUN_METHODS, type RunRow } from '../services/runs.js';
import { TASKS } from '../services/scoring-packages.js';
import { decodeProvenance, decodeReport, decodeSampling } from '../services/stored-json.js';
import { GenerationRecordSchema } from './records.js';
import { ReportSchema } from './report.js';

export const SamplingSchema = z
  .object({
    temperature: z.number().min(0).max(10),
    top_p: z.number().gt(0).max(1),
    max_tokens: z.number().int().positive(),
    seed: z.number().int().optional(),
  })
  .openapi('Sampling');

// Control characters and the bidirectional overrides and isolates (U+202E shows text reversed) in a name
// shown on the leaderboard.
const HIDDEN_OR_REORDERING = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** A name as the pages show it: 1 to 200 characters, none of them control or bidi characters. */
const DisplayNameSchema = z
  .string()
  .min(1)
  .max(200)
  .refine((name) => !HIDDEN_OR_REORDERING.test(name), 'must not contain control or bidirectional characters');

/** Where the generations came from: what makes two runs' outputs comparable beyond their sampling settings. */
export const ProvenanceSchema = z
  .object({
    model_revision: DisplayNameSchema.optional().openapi({
      description: 'the model revision sampled (a commit hash, a checkpoint step, a tag)',
      example: 'a1b2c3d',
    }),
    prompt_template: z
      .object({
        name: DisplayNameSchema.openapi({ example: 'gsm8k-base' }),
        digest: z
          .string()
          .regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256')
          .optional()
          .openapi({ description: 'SHA-256 of the template text' }),
      })
      .strict()
      .optional(),
    generator: z
      .object({
        name: DisplayNameSchema.openapi({ example: 'vllm' }),
        version: DisplayNameSchema.optional().openapi({ example: '0.8.5' }),
      })
      .strict()
      .optional()
      .openapi({
        description: 'what produced the generations (vLLM, HF transformers, crossover sample, ...)',
      }),
  })
  .strict()
  .openapi('Provenance');

export const RunCreateSchema = z
  .object({
    model: DisplayNameSchema.openapi({ example: 'my-org/qwen2.5-1.5b-grpo' }),
    base_model: DisplayNameSchema.optional().openapi({ example: 'Qwen/Qwen2.5-1.5B' }),
    method: z.enum(RUN_METHODS),
    step: z.number().int().nonnegative().optional(),
    sampling: SamplingSchema,
    task: z.enum(TASKS),
    taskset: z.string().min(1).openapi({ example: 'gsm8k/test' }),
    mode: z.string().optional(),
    notes: z.string().max(4000).optional(),
    provenance: ProvenanceSchema.optional(),
    records: z.array(GenerationRecordSchema).min(1).optional(),
  })
  .openapi('RunCreate');

/** A run id, `run_` and 20 hex digits; the pattern also goes into the pages' form fields. */
export const RUN_ID_PATTERN = 'run_[0-9a-f]{20}';
export const RunIdSchema = z.string().regex(new RegExp(`^${RUN_ID_PATTERN}$`), 'not a run id');

export const RunIdParamsSchema = z.object({
  id: RunIdSchema.openapi({ param: { name: 'id', in: 'path' }, example: 'run_0123456789abcdef0123' }),
});

export const RunSchema = z
  .object({
    id: z.string(),
    status: z.enum(['pending', 'scoring', 'scored', 'failed']),
    failure_reason: z.string().nullable(),
    model: z.string(),
    base_model: z.string().nullable(),
    method: z.enum(RUN_METHODS),
    step: z.number().int().nullable(),
    sampling: SamplingSchema,
    task: z.string(),
    mode: z.string(),
    taskset: z.object({ name: z.string(), digest: z.string() }),
    notes: z.string().nullable(),
    provenance: ProvenanceSchema.nullable(),
    generations: z
      .object({ digest: z.string(), bytes: z.number().int(), records: z.number().int() })
      .nullable(),
    report: ReportSchema.nullable(),
    verifier_version: z.number().int().nullable().openapi({
      description:
        "version of the ranking mode's verifier that scored the run (null before versions were recorded)",
    }),
    created_at: z.string(),
    updated_at: z.string(),
    links: z.record(z.string(), z.string()),
  })
  .openapi('Run');

export type RunView = z.infer<typeof RunSchema>;

/** The public view of a run row. */
export function runView(row: RunRow): RunView {
  const base = `/v1/runs/${row.id}`;
  const links: Record<string, string> = {
    self: base,
    problems: `${base}/problems`,
    modes: `${base}/modes`,
    generations: `${base}/generations`,
  };
  if (row.status === 'pending') {
    links.upload = `${base}/generations`;
    links.upload_part = `${base}/generations/{part}`;
    links.parts = `${base}/parts`;
    links.finalize = `${base}/finalize`;
  }
  return {
    id: row.id,
    status: row.status,
    failure_reason: row.failure_reason,
    model: row.model,
    base_model: row.base_model,
    method: row.method,
    step: row.step,
    sampling: decodeSampling(row.sampling),
    task: row.task,
    mode: row.mode,
    taskset: { name: row.taskset, digest: row.taskset_digest },
    notes: row.notes,
    provenance: decodeProvenance(row.provenance),
    generations:
      row.generations_digest === null
        ? null
        : { digest: row.generations_digest, bytes: row.generations_bytes ?? 0, records: row.n_records ?? 0 },
    report: row.report === null ? null : (decodeReport(row.report) as RunView['report']),
    verifier_version: row.verifier_version ?? null,
    created_at: row.created_at,
    updated_at: row.updated_at,
    links,
  };
}
