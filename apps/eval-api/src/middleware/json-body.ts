import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { Settings } from '../env.js';
import { parseJsonText, readBodyText } from '../http/body.js';

function isJson(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/([a-z.-]+\+)?json\b/i.test(contentType);
}

/**
 * Reads a JSON body within the route's size limit (413 before reading when Content-Length says so, while
 * streaming otherwise) and parses it with a 400 that names the line; the zod validator then checks the
 * parsed value. Other content types fall through to the route's media-type check (415).
 */
export function jsonBody(limitOf: (settings: Settings) => number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isJson(c.req.header('content-type'))) {
      const text = await readBodyText(c.req.raw, limitOf(c.get('settings')));
      const value = parseJsonText(text);
      c.set('rawBody', text);
      c.req.bodyCache.json = Promise.resolve(value);
    }
    await next();
  };
}
