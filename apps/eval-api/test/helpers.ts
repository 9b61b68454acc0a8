import { env, SELF } from 'cloudflare:test';
import { expect } from 'vitest';

export const ADMIN_SECRET = 'test-admin-secret-0123456789';
const ORIGIN = 'http://eval-api.test';

/** Sends a request to the Worker under test (inside workerd, with its real local bindings). */
export function api(path: string, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, init);
}

export function postJson(
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    field?: string;
    line?: number;
    part?: number;
    run_id?: string;
  };
}

/** Asserts the one error envelope with the given status and code, and returns it. */
export async function expectError(
  response: Response,
  status: number,
  code: string,
): Promise<ErrorBody['error']> {
  const body = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: body.error?.code }).toEqual({ status, code });
  expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
  expect(typeof body.error.message).toBe('string');
  return body.error;
}

let adminClients = 0;

/** A client address of its own for each admin request, so that the suite stays under the admin rate limit. */
export function adminClientAddress(): string {
  adminClients++;
  return `2001:db8::${adminClients.toString(16)}`;
}

export async function issueKey(name = 'tester', role: 'user' | 'admin' = 'user'): Promise<string> {
  const response = await postJson(
    '/v1/keys',
    { name, role },
    { authorization: `Bearer ${ADMIN_SECRET}`, 'cf-connecting-ip': adminClientAddress() },
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { key: string }).key;
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** Polls until `check` returns a value, inside the test's timeout. */
export async function waitFor<T>(check: () => Promise<T | null>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export { env };
