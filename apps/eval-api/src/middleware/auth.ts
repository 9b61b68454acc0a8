import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';
import { secretsEqual } from '../services/digest.js';
import { findKey } from '../services/keys.js';
import { clientAddress, rateLimit } from './rate-limit.js';

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/** Requires an API key (`Authorization: Bearer cxk_...`); sets the caller. */
export function requireKey(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (token === null)
      throw new ApiError('unauthorized', 'missing API key: send Authorization: Bearer <key>');
    const key = await findKey(c.env.DB, token);
    if (!key) throw new ApiError('unauthorized', 'unknown or revoked API key');
    c.set('caller', { keyId: key.id, role: key.role });
    await next();
  };
}

/**
 * Requires the deployment's admin secret (`Authorization: Bearer <ADMIN_SECRET>`). Every attempt counts against
 * the client address's admin limit before the secret is compared, so guessing it gets 429s, right guesses too.
 */
export function requireAdminSecret(): MiddlewareHandler<AppEnv> {
  const limit = rateLimit('ADMIN_RATE_LIMITER', clientAddress);
  return (c, next) =>
    limit(c, async () => {
      await checkAdminSecret(c, next);
    });
}

const checkAdminSecret: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (token === null)
    throw new ApiError('unauthorized', 'missing admin secret: send Authorization: Bearer <secret>');
  const secret = c.get('settings').adminSecret;
  if (secret === null) throw new ApiError('forbidden', 'issuing keys is disabled: ADMIN_SECRET is not set');
  if (!(await secretsEqual(token, secret))) throw new ApiError('forbidden', 'wrong admin secret');
  c.set('caller', { keyId: 'admin', role: 'admin' });
  await next();
};

/** Accepts an API key, or the admin secret (as an admin caller). */
export function requireKeyOrAdmin(): MiddlewareHandler<AppEnv> {
  const key = requireKey();
  const admin = requireAdminSecret();
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (token?.startsWith('cxk_')) return key(c, next);
    if (token !== null && c.get('settings').adminSecret !== null) return admin(c, next);
    return key(c, next);
  };
}
