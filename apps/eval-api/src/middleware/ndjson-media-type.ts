import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { isNdjsonContentType } from '../http/body.js';

const CANONICAL_NDJSON = 'application/x-ndjson';

/**
 * Presents every NDJSON media type as application/x-ndjson to the validators after it. @hono/zod-openapi
 * takes any `application/...json...` type for JSON (its test matches `application/jsonl`), so on a route that
 * also declares a JSON body a JSON Lines body would be answered 415 by its media-type gate, or parsed whole
 * as one JSON value. Incoming headers are immutable: the request is rewrapped, its body stream unread.
 */
export function ndjsonMediaType(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const contentType = c.req.header('content-type');
    if (
      contentType !== undefined &&
      isNdjsonContentType(contentType) &&
      !/^application\/x-ndjson\b/i.test(contentType)
    ) {
      const headers = new Headers(c.req.raw.headers);
      headers.set('content-type', CANONICAL_NDJSON);
      c.req.raw = new Request(c.req.raw, { headers });
    }
    await next();
  };
}
