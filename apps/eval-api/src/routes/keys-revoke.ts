import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { ApiError, errorResponses } from '../errors.js';
import { requireAdminSecret } from '../middleware/auth.js';
import { revokeKey } from '../services/keys.js';

const KeyIdSchema = z
  .string()
  .regex(/^key_[A-Za-z0-9_-]{1,64}$/, 'must be a key id (key_...)')
  .openapi({ param: { name: 'id', in: 'path' }, example: 'key_3q2-7wEVR9Bmx4Yt' });

const RevokedKeySchema = z
  .object({
    id: z.string(),
    revoked_at: z.string().openapi({ description: 'when the key stopped working' }),
  })
  .openapi('RevokedKey');

export const keysRevokeRoute = createRoute({
  method: 'delete',
  path: '/v1/keys/{id}',
  summary: 'Revoke an API key (admin secret); its later requests get 401',
  security: [{ AdminSecret: [] }],
  middleware: [requireAdminSecret()] as const,
  request: { params: z.object({ id: KeyIdSchema }) },
  responses: {
    200: { description: 'The key, revoked', content: { 'application/json': { schema: RevokedKeySchema } } },
    ...errorResponses(401, 403, 404, 422, 429),
  },
});

export function registerKeysRevoke(app: App): void {
  app.openapi(keysRevokeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const revoked = await revokeKey(c.env.DB, id);
    if (!revoked) throw new ApiError('not_found', `no key ${id}`);
    return c.json(revoked, 200);
  });
}
