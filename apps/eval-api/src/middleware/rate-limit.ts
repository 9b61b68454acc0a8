import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

type LimiterName = 'SCORE_RATE_LIMITER' | 'WRITE_RATE_LIMITER' | 'ADMIN_RATE_LIMITER';

/** The client's address as Cloudflare reports it (the header is set by the edge, not the client). */
export function clientAddress(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown';
}

/** Counts one unit against a Workers rate-limiting binding; throws the 429 (with Retry-After) when over. */
export async function countAgainstLimit(
  c: Context<AppEnv>,
  limiter: LimiterName,
  key: string,
): Promise<void> {
  const { success } = await c.env[limiter].limit({ key });
  if (!success) {
    c.header('Retry-After', '60');
    throw new ApiError('rate_limited', 'too many requests: slow down and retry after a minute');
  }
}

/** Counts the request against a Workers rate-limiting binding; 429 with Retry-After when over. */
export function rateLimit(
  limiter: LimiterName,
  keyOf: (c: Context<AppEnv>) => string,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await countAgainstLimit(c, limiter, keyOf(c));
    await next();
  };
}
