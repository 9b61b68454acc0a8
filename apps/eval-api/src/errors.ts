import { z } from '@hono/zod-openapi';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The closed set of error codes; each maps to one HTTP status. */
export const ERROR_STATUS = {
  bad_request: 400,
  malformed_json: 400,
  malformed_ndjson: 400,
  malformed_gzip: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  duplicate_generations: 409,
  idempotency_conflict: 409,
  invalid_state: 409,
  payload_too_large: 413,
  length_required: 411,
  unsupported_media_type: 415,
  invalid_request: 422,
  rate_limited: 429,
  internal_error: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetails {
  /** The request field at fault, as a dotted path (`records.3.completion`). */
  field?: string;
  /** 1-based line of an NDJSON body (or of a JSON body's syntax error); within `part` when one is named. */
  line?: number;
  /** The part of a multi-part upload at fault (PUT /v1/runs/{id}/generations/{part}, finalize). */
  part?: number;
  /** An existing resource the error refers to (the run that already holds these generations). */
  run_id?: string;
}

/** Every failure a client can cause is an ApiError; onError turns it into the envelope. */
/** `path: message` of a zod error's first issue; `fallback` names the whole input when the path is empty. */
export function describeIssue(error: z.ZodError, fallback = 'query'): { path: string; message: string } {
  const issue = error.issues[0];
  const path = issue?.path.map(String).join('.') ?? '';
  return { path: path || fallback, message: issue?.message ?? 'invalid' };
}

/** A query (or any plain input) parsed by `schema`, or the 422 naming its first bad field. */
export function parseQuery<T extends z.ZodType>(schema: T, values: unknown): z.infer<T> {
  const parsed = schema.safeParse(values);
  if (parsed.success) return parsed.data;
  const { path, message } = describeIssue(parsed.error);
  throw new ApiError('invalid_request', `${path}: ${message}`, { field: path });
}

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: ContentfulStatusCode;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      requestId: z.string(),
      field: z.string().optional(),
      line: z.number().int().optional(),
      part: z.number().int().optional(),
      run_id: z.string().optional(),
    }),
  })
  .openapi('Error');

export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

export function errorEnvelope(error: ApiError, requestId: string): ErrorEnvelope {
  return { error: { code: error.code, message: error.message, requestId, ...error.details } };
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 411 | 413 | 415 | 422 | 429;

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: 'Malformed JSON, NDJSON or gzip, invalid UTF-8 (with the line), a part ending mid-line, a body interrupted',
  401: 'Missing or unknown API key',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict (state, duplicate generations, Idempotency-Key reuse)',
  411: 'Content-Length required',
  413: 'Body over the limit',
  415: 'Unsupported content type',
  422: 'Request fails the schema (the field is named)',
  429: 'Rate limited',
};

export interface ErrorResponse {
  description: string;
  content: { 'application/json': { schema: typeof ErrorEnvelopeSchema } };
}

/** OpenAPI response entries for the error statuses a route can return. */
export function errorResponses<const S extends readonly ErrorStatus[]>(
  ...statuses: S
): { [K in S[number]]: ErrorResponse } {
  const entries = statuses.map((status) => [
    status,
    {
      description: ERROR_DESCRIPTIONS[status],
      content: { 'application/json': { schema: ErrorEnvelopeSchema } },
    },
  ]);
  return Object.fromEntries(entries) as { [K in S[number]]: ErrorResponse };
}
