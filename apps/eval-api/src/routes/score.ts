import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { App, AppEnv } from '../app-env.js';
import { ApiError, describeIssue, errorResponses } from '../errors.js';
import { checkDeclaredLength, isNdjsonContentType, limitedChunks, ndjsonValues } from '../http/body.js';
import { jsonBody } from '../middleware/json-body.js';
import { ndjsonMediaType } from '../middleware/ndjson-media-type.js';
import { clientAddress, rateLimit } from '../middleware/rate-limit.js';
import { type GenerationRecordInput, GenerationRecordSchema } from '../schemas/records.js';
import { ReportSchema } from '../schemas/report.js';
import { scoreRecords } from '../services/scoring.js';
import { detectFormat, INPUT_FORMATS, LmEvalSamplesImporter, TASKS } from '../services/scoring-packages.js';

const KSchema = z.array(z.number().int().positive().max(1_000_000)).min(1).max(64);

export const ScoreRequestSchema = z
  .object({
    task: z.enum(TASKS),
    taskset: z.string().optional().openapi({ example: 'gsm8k/test' }),
    mode: z.string().optional().openapi({ example: 'strict' }),
    k: KSchema.optional().openapi({ example: [1, 4, 16] }),
    records: z.array(GenerationRecordSchema).min(1),
  })
  .openapi('ScoreRequest');

const FlagSchema = z.enum(['0', '1', 'true', 'false']).optional();

/** Options in the query string: the only way to pass them with an NDJSON body; `detail` for both. */
export const ScoreQuerySchema = z.object({
  task: z.enum(TASKS).optional(),
  taskset: z.string().optional(),
  mode: z.string().optional(),
  k: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'k must be a comma-separated list of positive integers')
    .optional()
    .openapi({ example: '1,4,16' }),
  detail: FlagSchema,
  format: z
    .enum(INPUT_FORMATS)
    .optional()
    .openapi({
      description:
        'NDJSON bodies only: `crossover` generation records, `lm-eval` lm-evaluation-harness --log_samples lines ' +
        '(problem ids `<taskset>/<doc_id>`), or `auto` (default: decided by the first line)',
    }),
});

export const scoreRoute = createRoute({
  method: 'post',
  path: '/v1/score',
  summary: 'Score generations (stateless, no account)',
  description:
    'JSON body `{ task, taskset?, mode?, k?, records }`, or `application/x-ndjson` (one generation record a ' +
    'line; `application/ndjson` and `application/jsonl` too) with the options in the query. Returns the Report; per-problem rows only with `?detail=1`. ' +
    'Limits: 8 MiB a body (MAX_SCORE_BYTES), 8 Mi characters an NDJSON line (413 naming it), 64 levels of ' +
    'nesting (422); invalid UTF-8 is a 400 naming its line.',
  middleware: [
    rateLimit('SCORE_RATE_LIMITER', clientAddress),
    ndjsonMediaType(),
    jsonBody((settings) => settings.maxScoreBytes),
  ] as const,
  request: {
    query: ScoreQuerySchema,
    body: {
      // Not `required`: the JSON validator must not run on NDJSON bodies, which the handler parses itself.
      required: false,
      content: {
        'application/json': { schema: ScoreRequestSchema },
        'application/x-ndjson': {
          schema: z.string().openapi({ description: 'one GenerationRecord a line' }),
        },
        'application/ndjson': { schema: z.string().openapi({ description: 'as application/x-ndjson' }) },
      },
    },
  },
  responses: {
    200: { description: 'The Report', content: { 'application/json': { schema: ReportSchema } } },
    ...errorResponses(400, 413, 415, 422, 429),
  },
});

const isFlagSet = (flag: string | undefined) => flag === '1' || flag === 'true';

function parseK(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const parsed = KSchema.safeParse(text.split(',').map(Number));
  if (!parsed.success)
    throw new ApiError('invalid_request', 'query.k: k values must be 1..1000000, at most 64', {
      field: 'query.k',
    });
  return parsed.data;
}

/**
 * Reads an NDJSON body record by record, validating each line against the same schema as JSON records. Lines
 * in lm-evaluation-harness `--log_samples` format are imported first (one record per generation).
 */
async function readNdjsonRecords(
  c: Context<AppEnv>,
  format: (typeof INPUT_FORMATS)[number],
  idPrefix: string,
): Promise<{ records: GenerationRecordInput[]; lines: number[] }> {
  const limit = c.get('settings').maxScoreBytes;
  checkDeclaredLength(c.req.raw, limit);
  const records: GenerationRecordInput[] = [];
  const lines: number[] = [];
  let lineFormat = format;
  let lmEval: LmEvalSamplesImporter | null = null;
  for await (const { line, value } of ndjsonValues(limitedChunks(c.req.raw.body, limit))) {
    if (lineFormat === 'auto') lineFormat = detectFormat(value);
    let values: unknown[] = [value];
    if (lineFormat === 'lm-eval') {
      lmEval ??= new LmEvalSamplesImporter(idPrefix);
      const imported = lmEval.importLine(value);
      if (typeof imported === 'string')
        throw new ApiError('invalid_request', `line ${line}: ${imported}`, { line });
      values = imported;
    }
    for (const candidate of values) {
      const parsed = GenerationRecordSchema.safeParse(candidate);
      if (!parsed.success) {
        const { path, message } = describeIssue(parsed.error, '');
        const field = `records.${records.length}${path ? `.${path}` : ''}`;
        throw new ApiError('invalid_request', `line ${line}: ${path || 'record'}: ${message}`, {
          field,
          line,
        });
      }
      records.push(parsed.data);
      lines.push(line);
    }
  }
  if (records.length === 0)
    throw new ApiError('invalid_request', 'records: the NDJSON body has no records', { field: 'records' });
  return { records, lines };
}

export function registerScore(app: App): void {
  app.openapi(scoreRoute, async (c) => {
    const query = c.req.valid('query');
    const detail = isFlagSet(query.detail);
    const contentType = c.req.header('content-type') ?? '';
    if (isNdjsonContentType(contentType)) {
      const { task, format, ...options } = query;
      if (task === undefined)
        throw new ApiError('invalid_request', 'query.task: required with an NDJSON body', {
          field: 'query.task',
        });
      const k = parseK(options.k);
      const { records, lines } = await readNdjsonRecords(
        c,
        format ?? 'auto',
        options.taskset ?? `${task}/test`,
      );
      const { report } = scoreRecords({ ...options, task, k, detail, records, lines });
      return c.json(report, 200);
    }
    if (contentType === '')
      throw new ApiError('unsupported_media_type', 'send application/json or application/x-ndjson');
    const body = c.req.valid('json') as z.infer<typeof ScoreRequestSchema>;
    const { report } = scoreRecords({ ...body, detail });
    return c.json(report, 200);
  });
}
