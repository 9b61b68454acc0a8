import { createRoute, z } from '@hono/zod-openapi';
import type { App } from '../app-env.js';
import { errorResponses } from '../errors.js';
import { requireAdminSecret } from '../middleware/auth.js';
import { jsonBody } from '../middleware/json-body.js';
import { issueKey } from '../services/keys.js';

const KeyCreateSchema = z
  .object({
    name: z.string().min(1).max(200).openapi({ example: 'alice@lab' }),
    role: z.enum(['user', 'admin']).default('user'),
  })
  .openapi('KeyCreate');

const IssuedKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(['user', 'admin']),
    prefix: z.string().openapi({ description: 'the first characters of the key, kept to recognise it' }),
    created_at: z.string(),
    key: z.string().openapi({ description: 'the API key; shown once, stored only as its SHA-256' }),
  })
  .openapi('IssuedKey');

export const keysCreateRoute = createRoute({
  method: 'post',
  path: '/v1/keys',
  summary: 'Issue an API key (admin secret)',
  security: [{ AdminSecret: [] }],
  middleware: [requireAdminSecret(), jsonBody(() => 64 * 1024)] as const,
  request: { body: { required: true, content: { 'application/json': { schema: KeyCreateSchema } } } },
  responses: {
    201: {
      description: 'The new key, shown once',
      content: { 'application/json': { schema: IssuedKeySchema } },
    },
    ...errorResponses(400, 401, 403, 413, 415, 422, 429),
  },
});

export function registerKeys(app: App): void {
  app.openapi(keysCreateRoute, async (c) => {
    const { name, role } = c.req.valid('json');
    const issued = await issueKey(c.env.DB, name, role);
    c.header('Cache-Control', 'no-store');
    return c.json(issued, 201);
  });
}
