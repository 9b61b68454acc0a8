// Every response names its request in X-Request-Id, and says X-Content-Type-Options: nosniff so that no
// browser reads a JSON or NDJSON body (which may quote model output) as something else. The app's middleware adds the header after the route ran;
// the cached board reads, the hottest routes, build their responses with it instead: setting it afterwards
// reads response.headers, which makes a Headers object per request, and finalizing those lengthens the GC pauses
// that set the reads' tail latency under load (bench/leaderboard-load.mjs).
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';

const REQUEST_ID_HEADER = 'X-Request-Id';
const NOSNIFF = ['X-Content-Type-Options', 'nosniff'] as const;
const carryingRequestId = new WeakSet<Response>();

/** A response built with its request's X-Request-Id among `headers`. */
export function responseWithRequestId(
  c: Context<AppEnv>,
  body: BodyInit | null,
  {
    headers,
    ...init
  }: Omit<ResponseInit, 'headers'> & { headers: Record<string, string>; encodeBody?: 'manual' },
): Response {
  const response = new Response(body, {
    ...init,
    headers: { ...headers, [REQUEST_ID_HEADER]: c.get('requestId'), [NOSNIFF[0]]: NOSNIFF[1] },
  });
  carryingRequestId.add(response);
  return response;
}

/** Adds X-Request-Id and nosniff to the final response unless it was built with them. */
export function tagResponse(c: Context<AppEnv>): void {
  if (carryingRequestId.has(c.res)) return;
  c.res.headers.set(REQUEST_ID_HEADER, c.get('requestId'));
  c.res.headers.set(...NOSNIFF);
}
