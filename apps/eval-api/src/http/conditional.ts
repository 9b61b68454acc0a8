// Conditional GETs of cached board reads: a client (browser, CDN) that holds the current body revalidates it
// with If-None-Match and gets a bodiless 304. The ETag is the hash of the exact bytes, so it changes exactly
// when what the client would see changes (a write that bumps the board version but not this view keeps it).
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { BoardBody } from '../services/board-cache.js';
import { responseWithRequestId } from './request-id.js';

// Clients may keep the body but must ask again before reusing it: a write shows up on their next request.
export const REVALIDATE = 'no-cache';

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for this header). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim())
    .some((tag) => tag === '*' || opaque(tag) === opaque(etag));
}

/** Whether an Accept-Encoding header takes gzip (a `q=0` refuses it). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false;
  return acceptEncoding.split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = params.find((param) => param.startsWith('q='));
    return (coding === 'gzip' || coding === 'x-gzip') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

/**
 * A cached body as a 200 with its ETag (the ready gzip bytes when the client takes them), or a 304 when the
 * client already holds these bytes. Built here with every header, the request id included (see request-id.ts).
 */
export function sendCachedBody(
  c: Context<AppEnv>,
  { bytes, etag, gzipped }: BoardBody,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  const common = { ...headers, ETag: etag, 'Cache-Control': REVALIDATE, Vary: 'Accept-Encoding' };
  if (etagMatches(c.req.header('if-none-match'), etag))
    return responseWithRequestId(c, null, { status: 304, headers: common });
  if (acceptsGzip(c.req.header('accept-encoding'))) {
    // `encodeBody: 'manual'` tells workerd the body is already encoded as Content-Encoding says
    return responseWithRequestId(c, gzipped, {
      status: 200,
      headers: { ...common, 'Content-Type': contentType, 'Content-Encoding': 'gzip' },
      encodeBody: 'manual',
    });
  }
  return responseWithRequestId(c, bytes, {
    status: 200,
    headers: { ...common, 'Content-Type': contentType },
  });
}
