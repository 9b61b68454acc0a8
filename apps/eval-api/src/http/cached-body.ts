// How the cached board reads are sent. Hono's etag middleware answers a client that already holds the bytes
// with a bodiless 304 (If-None-Match, compared weakly); the route names the ETag itself, the hash of the exact
// bytes kept with them, so the middleware hashes nothing, and the ETag changes exactly when what the client
// would see changes. Hono's compress middleware is not used: it gzips every response anew, and on Workers the
// runtime already compresses what a route leaves unencoded; the board's bodies are gzipped once per version
// instead (services/board-cache.ts), and sent as they are.

import type { Context, MiddlewareHandler } from 'hono';
import { accepts } from 'hono/accepts';
import { etag, RETAINED_304_HEADERS } from 'hono/etag';
import type { AppEnv } from '../app-env.js';
import type { BoardBody } from '../services/board-cache.js';
import { responseWithRequestId } from './request-id.js';

// Clients may keep the body but must ask again before reusing it: a write shows up on their next request.
const REVALIDATE = 'no-cache';

/** The 304s of the cached reads, which keep the page's security policy with the headers RFC 9110 names. */
export const conditionalGet: MiddlewareHandler<AppEnv> = etag({
  retainedHeaders: [...RETAINED_304_HEADERS, 'content-security-policy'],
});

/**
 * A cached body as a 200 with its ETag, the ready gzip bytes when the client takes gzip. Built here with every
 * header, the request id included (see request-id.ts); `conditionalGet` turns it into a 304 where it applies.
 */
export function sendCachedBody(
  c: Context<AppEnv>,
  { bytes, etag, gzipped }: BoardBody,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  const common = { ...headers, 'Content-Type': contentType, ETag: etag, 'Cache-Control': REVALIDATE };
  const vary = { Vary: 'Accept-Encoding' };
  const encoding = accepts(c, {
    header: 'Accept-Encoding',
    supports: ['gzip', 'x-gzip'],
    default: 'identity',
  });
  if (encoding !== 'identity') {
    // `encodeBody: 'manual'` tells workerd the body is already encoded as Content-Encoding says
    return responseWithRequestId(c, gzipped, {
      status: 200,
      headers: { ...common, ...vary, 'Content-Encoding': 'gzip' },
      encodeBody: 'manual',
    });
  }
  return responseWithRequestId(c, bytes, { status: 200, headers: { ...common, ...vary } });
}
